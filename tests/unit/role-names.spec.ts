import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CHAIN } from '@ledger/domain';
import { DEFAULT_SEED, loadCatalog } from '@ledger/plan-catalog';
import { demoAccounts } from '@ledger/accounts';
import { ROLE_LABELS } from '../../apps/api/src/audit/labels';

// Loaded at run time only: the console compiles under its own tsconfig (with the DOM), which this
// project's type check leaves out, so a static import would drag apps/web into it.
const { ROLE_OF_ACTOR, STAGE_LABEL } = jest.requireActual<{ ROLE_OF_ACTOR: Record<string, string>; STAGE_LABEL: Record<string, string> }>(
  '../../apps/web/src/labels',
);

/**
 * Roles are named after the plan's own bodies (三、推进机制 and the tasks' 牵头单位): the 工作专班办公室
 * reviews and signs; 召集人 and 副召集人 are no role, only the authors of instructions.
 */
describe('role and stage names follow the plan’s bodies', () => {
  const source = readFileSync(join(__dirname, '../../libs/plan-catalog/test-fixtures/hengyang-2025/source.txt'), 'utf8');
  // The console's supervision and system roles, which the plan does not set up.
  const OUTSIDE_THE_PLAN = new Set(['auditor', 'admin', 'system']);
  /** The body a name speaks of: without what it does in brackets (签发) or the person (审核员). */
  const bodyOf = (name: string) => name.replace(/（.*）$/, '').replace(/(审核员|签发人|审核|签发)$/, '');

  it('the API and the console name the roles alike', () => {
    expect(ROLE_LABELS).toEqual(ROLE_OF_ACTOR);
  });

  it('names each role of the plan after a body the plan has, and none after the 召集人', () => {
    expect(ROLE_LABELS).toMatchObject({ submitter: '牵头单位', coordinator: '工作专班办公室', office: '工作专班办公室（签发）' });
    for (const [role, name] of Object.entries(ROLE_LABELS)) {
      expect(name).not.toMatch(/召集人/);
      if (!OUTSIDE_THE_PLAN.has(role))
        expect({ role, body: bodyOf(name), inPlan: source.includes(bodyOf(name)) }).toMatchObject({ inPlan: true });
    }
  });

  it('names the chain’s stages as the console does, after the 工作专班办公室', () => {
    const seeded = loadCatalog(DEFAULT_SEED.planFile, DEFAULT_SEED.unitsFile).plan.approvalChain.stages;
    for (const stages of [seeded, DEFAULT_CHAIN.stages]) {
      expect(Object.fromEntries(stages.map((stage) => [stage.id, stage.name]))).toEqual({
        countersign: '会签',
        coordinator_review: STAGE_LABEL.coordinator_review,
        office_signoff: STAGE_LABEL.office_signoff,
      });
    }
    expect(STAGE_LABEL).toMatchObject({ coordinator_review: '专班办公室审核', office_signoff: '专班办公室签发' });
  });

  it('gives the demo accounts of the office names after that office', () => {
    const names = Object.fromEntries(demoAccounts([]).map((account) => [account.username, account.displayName]));
    expect(names).toMatchObject({ coordinator: '工作专班办公室审核员', office: '工作专班办公室签发人' });
    for (const name of Object.values(names)) expect(name).not.toMatch(/召集人/);
    expect(source).toContain(bodyOf(names.coordinator!));
    expect(source).toContain(bodyOf(names.office!));
  });
});
