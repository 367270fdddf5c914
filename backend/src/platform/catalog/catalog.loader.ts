import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { InferenceSettings } from '../../../../contracts/settings/inference-settings.js';
import { Catalog, CATALOG } from './catalog.js';
import { checkCatalogSchema } from './catalog-schema.validator.js';
import { checkCatalogSemantics } from './catalog-semantics.checker.js';

/** Where the schema sits relative to the catalog file (both live in the repository root tree). */
export const SCHEMA_RELATIVE_PATH = 'contracts/settings/inference-settings.schema.json';

export interface LoadCatalogOptions {
  /** Defaults to {@link SCHEMA_RELATIVE_PATH} beside the settings file. */
  schemaPath?: string;
}

/**
 * Reads, validates and returns the catalog (CAT-1). Called once at boot; a bad file throws an Error whose
 * message lists every problem as `inference_settings.json: <key path> <what is wrong>`, which stops the
 * server with a message naming the bad key.
 */
export function loadCatalog(settingsPath: string, options: LoadCatalogOptions = {}): Catalog {
  const label = basename(settingsPath);
  const schemaPath = options.schemaPath ?? resolve(dirname(settingsPath), SCHEMA_RELATIVE_PATH);
  const raw = readJson(settingsPath, label);
  const schema = readJson(schemaPath, basename(schemaPath));
  return parseCatalog(raw, schema as object, label);
}

/** Validates already-parsed catalog JSON; `label` prefixes every issue. */
export function parseCatalog(raw: unknown, schema: object, label = 'inference_settings.json'): Catalog {
  const structural = checkCatalogSchema(schema, raw);
  // Semantic checks assume the shape is right, so they run only on a structurally valid file.
  const issues = structural.length > 0 ? structural : checkCatalogSemantics(raw as InferenceSettings);
  if (issues.length > 0) throw new Error(issues.map((issue) => `${label}: ${issue}`).join('\n'));
  return new Catalog(raw as InferenceSettings);
}

/** A Nest factory provider for {@link CATALOG}; the path comes from validated config, never process.env. */
export function catalogProvider(settingsPath: string, options: LoadCatalogOptions = {}) {
  return { provide: CATALOG, useFactory: (): Catalog => loadCatalog(settingsPath, options) };
}

function readJson(path: string, label: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${label}: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${label}: is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
