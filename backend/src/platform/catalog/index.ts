export { Catalog, CATALOG, REQUEST_SELECTOR_KEYS } from './catalog.js';
export { catalogProvider, loadCatalog, parseCatalog, SCHEMA_RELATIVE_PATH } from './catalog.loader.js';
export type { LoadCatalogOptions } from './catalog.loader.js';
export type { CompatModel, CompatModelsResponse, CompatParameter } from './compat-models.mapper.js';
export type * from '../../../../contracts/settings/inference-settings.js';
