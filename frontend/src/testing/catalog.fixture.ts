import type { InferenceSettings, ModelSpec } from '@gg/contracts/settings';

import settings from '../../../inference_settings.json';

/** The repository's real catalog (CAT-1): tests prove the form follows the file the server serves. */
export const CATALOG = settings as unknown as InferenceSettings;

export function model(id: string): ModelSpec {
  const found = CATALOG.models.find((m) => m.id === id);
  if (!found) throw new Error(`no model ${id} in inference_settings.json`);
  return found;
}

/**
 * A catalog with one invented model the UI has never heard of: proves the form needs no per-model code.
 */
export const INVENTED_CATALOG: InferenceSettings = {
  ...CATALOG,
  models: [
    {
      id: 'zeta',
      name: 'Zeta Painter',
      type: 'image',
      aliases: [],
      modes: [
        { id: 'paint', label: 'Paint' },
        { id: 'restyle', label: 'Restyle' },
      ],
      parameters: {
        brush: {
          type: 'integer', label: 'Brush size', control: 'slider', unit: 'px',
          default: 12, min: 4, max: 40, step: 2, accepted: { min: 1, max: 100 },
        },
        palette: { type: 'string', label: 'Palette', control: 'select', default: 'warm', options: ['warm', 'cold'] },
        texture: {
          type: 'number', label: 'Texture', control: 'number', default: 0.5, min: 0, max: 1, step: 0.1,
          accepted: { min: 0, max: 1 }, visible_if: { mode: ['restyle'], palette: ['cold'] },
        },
        steps: { type: 'integer', label: 'Steps', default: 10, fixed: true, accepted: { min: 1, max: 50 } },
      },
      field_overrides: { output_format: { default: 'png', options: ['png', 'jpeg'] } },
      recommended_resolutions: [{ width: 512, height: 512 }],
      size: { multiple: 8, rounding: 'down' },
      runtime: { gpu: ['T4'], timeout_seconds: 60, stale_class: 'image', weights: {} },
    },
  ],
};
