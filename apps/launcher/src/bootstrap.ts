import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { demoAccounts, removeDemoAccounts, seedDemoAccounts, type DemoAccount } from '@ledger/accounts';
import type { Storage } from '@ledger/bootstrap';
import type { LedgerConfig } from '@ledger/config';
import { allTasks, DEFAULT_SEED, loadCatalog, type Catalog } from '@ledger/plan-catalog';
import { publishPlan, type PublishResult } from '@ledger/plan-import';

const repoRoot = resolve(__dirname, '../../..').replace(/\/dist$/, '');

export function loadDefaultCatalog(): Catalog {
  return loadCatalog(join(repoRoot, DEFAULT_SEED.planFile), join(repoRoot, DEFAULT_SEED.unitsFile));
}

/** The units that lead at least one task: each gets a demo submitter account named by its code. */
export function leadUnitsOf(catalog: Catalog): { code: string; name: string }[] {
  const codes = new Set(allTasks(catalog.plan).flatMap((task) => task.leadUnits));
  return catalog.units.filter((unit) => codes.has(unit.code));
}

export interface SeedResult {
  plan: PublishResult;
  demo?: { password: string; accounts: DemoAccount[] };
}

/**
 * Publishes the seed plan (a no-op when unchanged) and, in demo mode only, the demo accounts.
 * Production removes any demo account left from a demo run.
 */
export async function seed(config: LedgerConfig, storage: Storage, catalog: Catalog = loadDefaultCatalog()): Promise<SeedResult> {
  const plan = await publishPlan(storage.store, catalog);
  if (config.mode !== 'demo') {
    await removeDemoAccounts(storage.dataSource);
    return { plan };
  }
  const password = config.demoPassword ?? generatedDemoPassword(config.dataDir);
  const accounts = demoAccounts(leadUnitsOf(catalog));
  await seedDemoAccounts(storage.dataSource, accounts, password);
  return { plan, demo: { password, accounts } };
}

/** Generated once per data directory and kept there (mode 600), so restarts keep the same password. */
function generatedDemoPassword(dataDir: string): string {
  const file = join(dataDir, 'demo-password');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `demo-${randomBytes(9).toString('base64url')}`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
