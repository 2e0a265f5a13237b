import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '@ledger/config';
import { startApi } from '../../apps/api/src';
import { createSupervisionProjector, openStorage, type Storage } from '@ledger/bootstrap';
import type { NewEvent } from '@ledger/event-store';
import type { Projector } from '@ledger/read-models';
import { runCli } from '../../apps/cli/src/cli';
import { createTestDatabase } from '../support/database';
import { eventually } from '../support/system';

const metadata = { actorId: 'u', role: 'system', unitId: null, correlationId: 'c', causationId: null, workflowId: null, schemaVersion: 1 };
const periodOpened = (period: string): NewEvent => ({
  eventId: randomUUID(),
  type: 'ReportingPeriodOpened',
  data: { planId: 'p', taskId: 'p-T01', at: `${period}-01T00:00:00.000Z`, period, deadline: `${period}-25` },
  metadata,
});

/**
 * An event no projection can apply (here: a TaskUrged with an id and nothing else, written by the
 * database owner past every rule) used to fail the projector's batch on every round, so every
 * read model stalled. Now the projection that cannot apply it stops there, visibly, and the
 * others go on.
 */
describe('the projector given a malformed event', () => {
  let databaseUrl: string;
  let storage: Storage;
  let projector: Projector;
  const logs: string[] = [];
  const run = async (...argv: string[]) => {
    let stdout = '';
    const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stdout += t), env: { DATABASE_URL: databaseUrl } });
    return { code, stdout };
  };
  const targetRecords = async () =>
    (await storage.pool.query<{ period: string }>('select period from rm_target_records order by position')).rows.map((row) => row.period);

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('projector_poison');
    storage = await openStorage(databaseUrl);
    projector = createSupervisionProjector(databaseUrl, storage.dataSource, storage.store, (line) => logs.push(line));
    await projector.start();
  });
  afterAll(async () => {
    await projector?.stop();
    await storage?.close();
  });

  it('stops that projection with the event and the error named, and the others go on', async () => {
    await storage.store.append('target-p-T01', 'no_stream', [periodOpened('2025-01')]);
    const malformed = { eventId: randomUUID(), type: 'TaskUrged', data: { urgeId: 'forged' }, metadata };
    await storage.store.append('urge-p-T01-2025-01', 'no_stream', [malformed]);
    await storage.store.append('target-p-T01', 1, [periodOpened('2025-02')]);

    await projector.waitFor(3, 20_000);
    expect(await targetRecords()).toEqual(['2025-01', '2025-02']);
    // Both projections that read TaskUrged stop at it; the others are not affected.
    const failures = await storage.pool.query(
      'select projector, projection, position, event_id, event_type, error from projection_failures order by projection',
    );
    const stoppedAt = (projection: string) => ({
      projector: 'supervision',
      projection,
      position: 2,
      event_id: malformed.eventId,
      event_type: 'TaskUrged',
      error: expect.stringMatching(/.+/),
    });
    expect(failures.rows).toEqual([stoppedAt('notifications'), stoppedAt('urges')]);
    expect(logs.join('\n')).toContain(`projection urges stopped at position 2 (TaskUrged ${malformed.eventId})`);

    // Later events still reach the other projections; the stopped one is not retried on every round.
    await storage.store.append('target-p-T01', 2, [periodOpened('2025-03')]);
    await projector.waitFor(4, 20_000);
    expect(await targetRecords()).toEqual(['2025-01', '2025-02', '2025-03']);
    await eventually(async () => ((await storage.pool.query('select 1 from projector_heartbeats')).rowCount ? true : undefined));
    expect(logs.filter((line) => line.includes('stopped at position')).length).toBe(2);

    // What an operator sees.
    const status = await run('projections', 'status');
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('projector supervision: position 4 (0 behind)');
    expect(status.stdout).toContain(`STOPPED supervision/urges at position 2 (TaskUrged ${malformed.eventId}): `);
    expect(status.stdout).toContain(`STOPPED supervision/notifications at position 2 (TaskUrged ${malformed.eventId}): TypeError`);

    // The health check stays 200 (the rest serves) but says which projection stopped where.
    const connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
    const config = { ...loadConfig({ LEDGER_MODE: 'demo', DEMO_PASSWORD: randomBytes(8).toString('hex') }), port: 0 };
    const api = await startApi(config, storage, new Client({ connection }), '127.0.0.1');
    try {
      const health = await fetch(`${api.url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        status: 'degraded',
        down: [],
        stoppedProjections: [
          { projection: 'notifications', position: 2, eventType: 'TaskUrged' },
          { projection: 'urges', position: 2, eventType: 'TaskUrged' },
        ],
      });
    } finally {
      await api.close();
      await connection.close();
    }
  });
});
