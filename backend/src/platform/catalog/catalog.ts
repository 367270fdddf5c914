import type {
  FieldSpec,
  ImageInputLimits,
  InferenceSettings,
  ModelSpec,
  ModeSpec,
} from '../../../../contracts/settings/inference-settings.js';
import { fieldNameIndex, resolveModelFields } from '../../../../contracts/settings/inference-settings.rules.js';
import { toCompatModels, type CompatModelsResponse } from './compat-models.mapper.js';

/** DI token for the boot-loaded {@link Catalog}. */
export const CATALOG = Symbol('CATALOG');

/** Request keys that are not fields: they select what the fields mean. */
export const REQUEST_SELECTOR_KEYS: readonly string[] = ['model', 'type', 'mode'];

/**
 * The validated model catalog (CAT-1), read-only. Built once at boot by `loadCatalog`; everything that
 * needs a model fact (request validation, GET /models, the worker adapter) asks this object.
 */
export class Catalog {
  private readonly byName = new Map<string, ModelSpec>();
  private readonly fieldsByModel = new Map<string, Readonly<Record<string, FieldSpec>>>();
  private readonly namesByModel = new Map<string, ReadonlyMap<string, string>>();
  private readonly commonNames: ReadonlyMap<string, string>;
  private readonly knownNames = new Set<string>(REQUEST_SELECTOR_KEYS);

  constructor(readonly settings: InferenceSettings) {
    for (const model of settings.models) {
      this.byName.set(model.id, model);
      for (const alias of model.aliases) this.byName.set(alias, model);
      const fields = resolveModelFields(settings, model);
      this.fieldsByModel.set(model.id, fields);
      const names = fieldNameIndex(fields);
      this.namesByModel.set(model.id, names);
      for (const name of names.keys()) this.knownNames.add(name);
    }
    this.commonNames = fieldNameIndex(settings.common.fields);
    for (const name of this.commonNames.keys()) this.knownNames.add(name);
  }

  /** Models in file order. */
  list(): readonly ModelSpec[] {
    return this.settings.models;
  }

  /** Canonical ids in file order. */
  ids(): readonly string[] {
    return this.settings.models.map((model) => model.id);
  }

  /** A model by canonical id or alias (`wan-remix` → phr00t). */
  find(idOrAlias: string): ModelSpec | undefined {
    return this.byName.get(idOrAlias);
  }

  mode(model: ModelSpec, modeId: string): ModeSpec | undefined {
    return model.modes.find((mode) => mode.id === modeId);
  }

  /** Common fields (with this model's overrides) then the model's parameters, in display order. */
  fields(model: ModelSpec): Readonly<Record<string, FieldSpec>> {
    const fields = this.fieldsByModel.get(model.id);
    if (!fields) throw new Error(`Catalog has no model ${model.id}`);
    return fields;
  }

  /** Request key (name or alias) → field name, for one model or, without one, for the common fields. */
  fieldNames(model: ModelSpec | undefined): ReadonlyMap<string, string> {
    const names = model ? this.namesByModel.get(model.id) : this.commonNames;
    if (!names) throw new Error(`Catalog has no model ${model?.id}`);
    return names;
  }

  /** Common fields without any model's overrides (used when the model itself is unknown). */
  commonFields(): Readonly<Record<string, FieldSpec>> {
    return this.settings.common.fields;
  }

  /** True when some model (or the request envelope) knows this key, as a name or an alias. */
  isKnownField(name: string): boolean {
    return this.knownNames.has(name);
  }

  get imageInput(): ImageInputLimits {
    return this.settings.common.image_input;
  }

  /** The predecessor's `GET /models` body (COMPAT), derived from the catalog. */
  toCompatModels(): CompatModelsResponse {
    return toCompatModels(this.settings, (model) => this.fields(model));
  }
}
