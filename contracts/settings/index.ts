export type * from './inference-settings.js';
export {
  applyRounding,
  conditionHolds,
  estimateSeconds,
  fieldNameIndex,
  framesForDuration,
  isNumericField,
  isScalarField,
  normalizeSize,
  resolveModelFields,
} from './inference-settings.rules.js';
export type { SizeOutcome } from './inference-settings.rules.js';
