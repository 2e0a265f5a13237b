import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { PostgresEventStore, type NewEvent } from '@ledger/event-store';
import { createPool } from '@ledger/postgres';
import { runCli } from '../../apps/cli/src/cli';
import { createTestDatabase } from '../support/database';

function event(n: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'Counted',
    data: { n },
    metadata: { actorId: 'u', role: 'test', unitId: null, correlationId: 'c', causationId: null, workflowId: null, schemaVersion: 1 },
  };
}

/**
 * A superuser can rewrite the tail of the log and recompute every hash after the change, and the
 * chain is consistent again: only a link exported before the rewrite tells.
 */
describe('audit verify against a checkpoint kept outside the database', () => {
  let databaseUrl: string;
  let pool: Pool;
  let folder: string;
  const run = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATABASE_URL: databaseUrl } });
    return { code, stdout, stderr };
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('audit_checkpoint');
    pool = createPool(databaseUrl, 2);
    const store = new PostgresEventStore(pool);
    await store.migrate();
    for (let n = 1; n <= 20; n += 1) await store.append(`audit-${n % 3}`, 'any', [event(n)]);
    folder = mkdtempSync(join(tmpdir(), '检查点-'));
  });
  afterAll(async () => {
    await pool?.end();
    rmSync(folder, { recursive: true, force: true });
  });

  it('exports the tip, matches it while the log is intact, and reports a rewritten tail', async () => {
    const file = join(folder, 'checkpoint.json');
    const exported = await run('audit', 'checkpoint', '--out', file);
    expect(exported).toMatchObject({ code: 0, stdout: 'checkpoint at position 20 written to ' + file + '\n' });
    const intact = await run('audit', 'verify', '--checkpoint', file);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('checkpoint matches at position 20');

    // From position 10 on: one payload changed, every later hash recomputed in order.
    await pool.query(`
      do $$
      declare
        r record;
        v_prev text;
        v_data json;
      begin
        alter table events disable trigger user;
        select hash into v_prev from events where position = 9;
        for r in select * from events where position >= 10 order by position loop
          v_data := case when r.position = 10 then '{"n":1000}'::json else r.data end;
          update events set data = v_data, prev_hash = v_prev,
                 hash = ledger_chain_hash(v_prev, r.position, r.stream_id, r.version, r.type, r.event_id,
                                          ledger_payload_hash(v_data, r.metadata))
           where position = r.position
          returning hash into v_prev;
        end loop;
        alter table events enable trigger user;
      end $$`);

    // The chain alone cannot tell…
    const alone = await run('audit', 'verify');
    expect(alone).toMatchObject({ code: 0, stdout: expect.stringContaining('chain intact: 20 events checked') });
    // …the checkpoint can.
    const anchored = await run('audit', 'verify', '--checkpoint', file);
    expect(anchored.code).toBe(1);
    expect(anchored.stdout).toMatch(/checkpoint MISMATCH at position 20: exported [0-9a-f]{64}, stored [0-9a-f]{64}/);
  });

  it('says what is wrong with a checkpoint file it cannot use', async () => {
    const bad = join(folder, 'bad.json');
    writeFileSync(bad, '{"position": 3}');
    expect(await run('audit', 'verify', '--checkpoint', bad)).toMatchObject({ code: 1, stderr: expect.stringContaining('no hash') });
    expect(await run('audit', 'verify', '--checkpoint', join(folder, 'missing.json'))).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('cannot read the checkpoint'),
    });
    expect((await run('audit', 'verify', '--bogus')).code).toBe(2);
  });
});
