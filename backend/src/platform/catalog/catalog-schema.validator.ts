import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';

/**
 * Structural check of the catalog against `contracts/settings/inference-settings.schema.json` (ajv:
 * house style rule 14, no hand-written schema validator). Returns readable issues, each naming the key
 * path (`models[2].parameters.steps.default must be number`), or none.
 */
export function checkCatalogSchema(schema: object, settings: unknown): string[] {
  // strict catches typos in the schema itself; union types are used for option values (number | string).
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  if (validate(settings)) return [];
  const issues = rootCauses(validate.errors ?? [])
    // if/then/else branch summaries only repeat the concrete errors reported beside them.
    .filter((error) => error.keyword !== 'if')
    .map(describe);
  return [...new Set(issues)];
}

/**
 * A field whose `type` is unknown is also checked against every branch it could have meant, which adds
 * errors about keys it was never meant to have. Keep only the widest `type` complaint for that field.
 */
function rootCauses(errors: readonly ErrorObject[]): ErrorObject[] {
  const badTypes = new Map<string, ErrorObject>();
  for (const error of errors) {
    if (error.keyword !== 'enum' || !error.instancePath.endsWith('/type')) continue;
    const field = error.instancePath.slice(0, -'/type'.length);
    const widest = badTypes.get(field);
    if (!widest || allowed(error).length > allowed(widest).length) badTypes.set(field, error);
  }
  return errors.filter((error) => {
    const field = [...badTypes.keys()].find((path) => error.instancePath === path || error.instancePath.startsWith(`${path}/`));
    return field === undefined || error === badTypes.get(field);
  });
}

function allowed(error: ErrorObject): unknown[] {
  return ((error.params as { allowedValues?: unknown[] }).allowedValues ?? []);
}

function describe(error: ErrorObject): string {
  const at = toKeyPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${join(at, String(params['missingProperty']))} is required`;
    case 'additionalProperties':
      return `${join(at, String(params['additionalProperty']))} is not an allowed key`;
    case 'enum':
      return `${at || '(root)'} must be one of ${JSON.stringify(params['allowedValues'])}`;
    case 'propertyNames':
      return `${join(at, String(params['propertyName']))} is not a valid name`;
    default:
      return `${at || '(root)'} ${error.message ?? 'is invalid'}`;
  }
}

/** `/models/2/parameters/steps` → `models[2].parameters.steps`. */
export function toKeyPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, key) => (/^\d+$/.test(key) ? `${path}[${key}]` : join(path, key)), '');
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
