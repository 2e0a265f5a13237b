import { freePort, startTemporalDevServer, type RunningTemporal } from '@ledger/runtime';
import { startServices, type RunningServices } from '../../apps/launcher/src/system';
import { runCli } from '../../apps/cli/src/cli';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * Temporal's state lost for real: the suite runs on an in-memory Temporal dev server of its own,
 * stops it with a report waiting at the office's sign-off and a 督办单 waiting for 签收, and
 * goes on with a new, empty server. The event store is the record; reconcile rebuilds from it.
 */
describe('workflows rebuilt from the event store after Temporal lost its state', () => {
  let first: RunningTemporal | undefined;
  let second: RunningTemporal | undefined;
  let system: TestSystem;
  let services: RunningServices | undefined;
  const sharedTemporal = process.env.TEST_TEMPORAL_ADDRESS;

  beforeAll(async () => {
    first = await startTemporalDevServer({ port: await freePort(), namespace: 'default' });
    process.env.TEST_TEMPORAL_ADDRESS = first.address; // startTestSystem reads it (this process only)
    system = await startTestSystem('reconcile');
  }, 180_000);
  afterAll(async () => {
    process.env.TEST_TEMPORAL_ADDRESS = sharedTemporal;
    await services?.stop();
    await system?.storage.close();
    await first?.stop();
    await second?.stop();
  });

  /** A call to the API of the services started on the second server. */
  async function call(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${services!.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  it('starts the open documents again, with their ids, and they go on with exactly their events', async () => {
    const [edu, coordinator, office] = await Promise.all(['edu', 'coordinator', 'office'].map((u) => system.login(u)));
    const submitted = await system.call('POST', '/api/reports', edu, {
      taskId: 'hengyang-2025-P01',
      period: '2025-06',
      values: [
        { indicatorId: 'P01-1', value: 20000 },
        { indicatorId: 'P01-2', value: 150 },
      ],
      narrative: '已完成过半',
    });
    expect(submitted.status).toBe(201);
    const reportId: string = submitted.body.id;
    const reviewed = await system.call('POST', `/api/reports/${reportId}/approve`, coordinator, { comment: '同意' });
    expect(reviewed.body).toMatchObject({ status: 'in_review', stage: 'office_signoff' });
    const issued = await system.call('POST', '/api/notices', coordinator, {
      taskId: 'hengyang-2025-P01',
      level: 'yellow',
      matter: '请说明电脑配置进度滞后原因',
      dueDate: '2099-06-30',
    });
    expect(issued.body).toMatchObject({ status: 'issued' });
    const noticeId: string = issued.body.id;
    const another = await system.call('POST', '/api/notices', coordinator, {
      taskId: 'hengyang-2025-P02',
      level: 'blue',
      matter: '请报送进度',
      dueDate: '2099-06-30',
    });
    expect(another.status).toBe(201);

    // Temporal is lost: every service stops, and so does the server with all it held.
    await system.services.stop();
    await first!.stop();
    first = undefined;
    second = await startTemporalDevServer({ port: await freePort(), namespace: 'default' });
    const env = {
      DATABASE_URL: system.config.databaseUrl,
      TEMPORAL_ADDRESS: second.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: system.config.taskQueue,
      SUPERVISION: 'off',
    };
    const reconcile = async () => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(['workflows', 'reconcile'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
      return { code, stdout, stderr };
    };

    // The operator's reconcile, before any worker runs: it starts what the new server lacks.
    const once = await reconcile();
    expect(once).toMatchObject({ code: 0, stderr: '' });
    expect(once.stdout).toContain('进度报告：重建 1 个，已在运行 0 个，已办结 0 个');
    expect(once.stdout).toContain('督办单：重建 2 个，已在运行 0 个，已办结 0 个');
    // Again, and as every worker does at its start: nothing is started twice.
    expect((await reconcile()).stdout).toContain('进度报告：重建 0 个，已在运行 1 个');
    services = await startServices(
      { ...system.config, temporalAddress: second.address, temporalNamespace: 'default' },
      system.storage.url,
      second.address,
      system.storage,
    );

    const signed = await call('POST', `/api/reports/${reportId}/approve`, office, {});
    expect(signed).toMatchObject({ status: 200, body: { status: 'signed_off', revision: 1 } });
    expect((await call('POST', `/api/reports/${reportId}/approve`, office, {})).status).toBe(409);
    const reportEvents = await system.storage.store.readStream(`report-${reportId}`);
    expect(reportEvents.map((e) => [e.type, e.version])).toEqual([
      ['ReportSubmitted', 1],
      ['ReportApproved', 2],
      ['ReportSignedOff', 3],
    ]);
    expect(new Set(reportEvents.map((e) => e.eventId)).size).toBe(3);
    // The resumed workflow decides on the report as it stood: the same reviewers' rules.
    expect(reportEvents[2]!.metadata).toMatchObject({ role: 'office', workflowId: `report-${reportId}` });

    const acknowledged = await call('POST', `/api/notices/${noticeId}/acknowledge`, edu);
    expect(acknowledged).toMatchObject({ status: 200, body: { status: 'acknowledged' } });
    // Signing again changes nothing (the rules say so): the resumed notice knows it is signed for.
    expect(await call('POST', `/api/notices/${noticeId}/acknowledge`, edu)).toMatchObject({
      status: 200,
      body: { status: 'acknowledged' },
    });
    const noticeEvents = await system.storage.store.readStream(`notice-${noticeId}`);
    expect(noticeEvents.map((e) => [e.type, e.version])).toEqual([
      ['NoticeIssued', 1],
      ['NoticeAcknowledged', 2],
    ]);
    expect((await system.storage.store.verify()).ok).toBe(true);
  }, 600_000);
});
