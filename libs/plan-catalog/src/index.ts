/**
 * Plan catalogue: a city's annual livelihood plan (sections → categories → tasks → indicators) and
 * its units registry, read from YAML seed files and validated. Pure TypeScript: no framework, no DB.
 *
 *   const catalog = loadCatalog(DEFAULT_SEED.planFile, DEFAULT_SEED.unitsFile); // throws CatalogError
 *   for (const task of allTasks(catalog.plan)) …
 *
 * Every error names the file, and where they apply the task code and the field (a path relative to
 * the task, e.g. `indicators[2].target`), in its message and in its properties.
 */
export type {
  Catalog,
  Category,
  Comparator,
  DocumentChains,
  DocumentChainStage,
  DocumentKind,
  DocumentKindActions,
  Indicator,
  IndicatorKind,
  Plan,
  PlanNoticeRules,
  Section,
  Task,
  TaskForce,
  TaskForceRole,
  Unit,
} from './types';
export { CatalogError } from './errors';
export { UNITS_OF_MEASURE, isCountingUnit, isUnitOfMeasure } from './units-of-measure';
export { COMPARATORS, DOCUMENT_ACTION_ROLES, INDICATOR_KINDS, QUANTITATIVE_KINDS, UNIT_CODE_PATTERN } from './validate';
export { DEFAULT_SEED, allTasks, catalogDigest, findUnitBySpelling, loadCatalog, parseCatalog } from './load';
