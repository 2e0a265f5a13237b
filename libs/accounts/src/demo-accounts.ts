import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Role } from '@ledger/domain';
import { AccountRow } from './account.entity';
import { hashPassword, verifyPassword } from './passwords';

export interface DemoAccount {
  username: string;
  role: Role;
  unitId: string | null;
  displayName: string;
}

/** admin, coordinator, office, auditor, and one submitter per lead unit named by the unit's code. */
export function demoAccounts(leadUnits: { code: string; name: string }[]): DemoAccount[] {
  return [
    { username: 'admin', role: 'admin', unitId: null, displayName: '系统管理员' },
    { username: 'coordinator', role: 'coordinator', unitId: null, displayName: '工作专班办公室审核员' },
    { username: 'office', role: 'office', unitId: null, displayName: '工作专班办公室签发人' },
    { username: 'auditor', role: 'auditor', unitId: null, displayName: '审计监督' },
    ...leadUnits.map((unit) => ({ username: unit.code, role: 'submitter' as const, unitId: unit.code, displayName: `${unit.name}填报员` })),
  ];
}

/** Creates missing demo accounts and resets the password of existing ones to `password`. */
export async function seedDemoAccounts(dataSource: DataSource, accounts: DemoAccount[], password: string): Promise<void> {
  const repository = dataSource.getRepository(AccountRow);
  const passwordHash = await hashPassword(password);
  for (const account of accounts) {
    const existing = await repository.findOneBy({ username: account.username });
    if (existing) {
      if (!existing.demo) continue; // never touch a real account that happens to share the name
      if (!(await verifyPassword(existing.passwordHash, password))) await repository.update({ id: existing.id }, { passwordHash });
      continue;
    }
    await repository.insert({ id: randomUUID(), ...account, passwordHash, phone: null, demo: true, createdAt: new Date() });
  }
}

/** Demo mode only: removes every demo account (production start calls this). */
export async function removeDemoAccounts(dataSource: DataSource): Promise<number> {
  const result = await dataSource.getRepository(AccountRow).delete({ demo: true });
  return result.affected ?? 0;
}
