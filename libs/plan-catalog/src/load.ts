import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { canonicalJson } from '@ledger/canonical-json';

import { CatalogError } from './errors';
import type { Catalog, Plan, Task, Unit } from './types';
import { readCatalog } from './validate';

/** The seed the application loads by default; paths are relative to the repository root. */
export const DEFAULT_SEED = {
  planFile: 'seeds/hengyang-2025/plan.yaml',
  unitsFile: 'seeds/units.yaml',
} as const;

function parseYaml(file: string, source: string): unknown {
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: true });
  const problem = doc.errors[0];
  if (problem) throw new CatalogError({ file }, `invalid YAML: ${problem.message}`);
  return doc.toJS();
}

/** Parses and validates a plan and a units registry given as text. Pure: reads no files. */
export function parseCatalog(planYaml: string, unitsYaml: string, names: { planFile: string; unitsFile: string }): Catalog {
  const unitsDoc = parseYaml(names.unitsFile, unitsYaml);
  const planDoc = parseYaml(names.planFile, planYaml);
  return readCatalog(names.planFile, planDoc, names.unitsFile, unitsDoc);
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CatalogError({ file }, `cannot read file: ${(error as Error).message}`);
  }
}

/** Reads, parses and validates a plan and a units registry; relative paths resolve against the cwd. */
export function loadCatalog(planFile: string, unitsFile: string): Catalog {
  return parseCatalog(read(planFile), read(unitsFile), { planFile, unitsFile });
}

/** Every task of the plan, flattened in plan order. */
export function allTasks(plan: Plan): Task[] {
  return plan.sections.flatMap((section) => section.categories.flatMap((category) => category.tasks));
}

/** The unit a spelling (its name or one of its aliases, e.g. 市卫健委) refers to. */
export function findUnitBySpelling(units: readonly Unit[], spelling: string): Unit | undefined {
  const wanted = spelling.trim();
  return units.find((unit) => unit.name === wanted || unit.aliases.includes(wanted));
}

/** A stable fingerprint of the catalogue's content (sha256 of its canonical JSON), e.g. to seed idempotently. */
export function catalogDigest(catalog: Catalog): string {
  return createHash('sha256').update(canonicalJson(catalog)).digest('hex');
}
