import { yearScript, type DemoTask, type YearScript } from '@ledger/demo';
import { runCli } from '../../apps/cli/src/cli';
import { startTestSystem, type TestSystem } from '../support/system';

const CODES = ['P01', 'P03', 'P15'];
// The end of March's report deadline (25 April, China time) has passed: January to March are closed.
const AFTER_MARCH_DEADLINE = '2025-04-26T00:00:00+08:00';

describe('demo year: a reduced scope (3 tasks × 3 months) played through the API of a running system', () => {
  let system: TestSystem;
  let coordinator: string;
  let script: YearScript;
  const first = { code: -1, out: '', err: '', seconds: 0 };

  const demoYear = async () => {
    let out = '';
    let err = '';
    const code = await runCli(
      ['demo', 'year', '--url', system.url, '--password', system.config.demoPassword!, '--tasks', CODES.join(','), '--months', '3'],
      { stdout: (text) => (out += text), stderr: (text) => (err += text), env: {} },
    );
    return { code, out, err };
  };
  const get = async (path: string) => {
    const response = await system.call('GET', path, coordinator);
    expect(response.status).toBe(200);
    return response.body;
  };
  const taskOf = (profile: string) => script.tasks.find((task) => task.profile === profile)!;

  beforeAll(async () => {
    system = await startTestSystem('demo-year');
    coordinator = await system.login('coordinator');
    const started = Date.now();
    Object.assign(first, await demoYear());
    first.seconds = (Date.now() - started) / 1000;
    const tasks: DemoTask[] = (await get('/api/tasks')).filter((task: DemoTask) => CODES.includes(task.code));
    // The same pure script the command played: which task lags, which is late, which month was returned.
    script = yearScript(tasks, { months: 3 });
  }, 600_000);
  afterAll(() => system?.stop());

  it('finishes and says so in Chinese', () => {
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^开始演示 2025 年度：3 项任务 × 3 个月，应报 \d+ 份/);
    expect(first.out).toMatch(/演示年度完成：报送 \d+ 份/);
    console.log(`demo year, 3 tasks × 3 months: ${first.seconds.toFixed(1)} s\n${first.out}`);
  });

  it('files every month but the late task’s last, all signed off (签发), one returned (退回) and resubmitted', async () => {
    const reports = await get('/api/reports');
    const expected = script.tasks.flatMap((task) =>
      task.months.filter((step) => !step.missing).map((step) => `${task.task.id}/${step.period}`),
    );
    expect(reports.map((r: any) => `${r.taskId}/${r.period}`).sort()).toEqual(expected.sort());
    expect(reports.every((r: any) => r.status === 'signed_off')).toBe(true);
    const late = taskOf('late');
    expect(reports.some((r: any) => r.taskId === late.task.id && r.period === '2025-03')).toBe(false);

    const returned = script.tasks.flatMap((task) => task.months.filter((step) => step.rejected).map((step) => ({ task, step })));
    expect(returned.length).toBeGreaterThan(0);
    for (const { task, step } of returned) {
      const { id } = reports.find((r: any) => r.taskId === task.task.id && r.period === step.period);
      const report = await get(`/api/reports/${id}`);
      expect(report).toMatchObject({ status: 'signed_off', revision: 2 });
      expect(report.history.map((entry: any) => entry.type)).toEqual(
        expect.arrayContaining(['ReportRejected', 'ReportResubmitted', 'ReportSignedOff']),
      );
      // What was signed off is the corrected revision, not the figures that were sent back.
      expect(report.values.map((v: any) => ({ indicatorId: v.indicatorId, value: v.value }))).toEqual(step.values);
    }
    const coLed = script.tasks.find((task) => task.countersigner)!;
    const coLedReport = await get(`/api/reports/${reports.find((r: any) => r.taskId === coLed.task.id).id}`);
    expect(coLedReport.history.map((entry: any) => entry.type)).toContain('ReportCountersigned');
  });

  it('shows the lagging task 进度滞后 and the late one 逾期未报 on the dashboard as of the end of April', async () => {
    const board = await get(`/api/dashboard?asOf=${encodeURIComponent(AFTER_MARCH_DEADLINE)}`);
    const byId = new Map(board.sections.flatMap((s: any) => s.categories.flatMap((c: any) => c.tasks)).map((t: any) => [t.id, t]));
    const lagging: any = byId.get(taskOf('lagging').task.id);
    const late: any = byId.get(taskOf('late').task.id);
    const onCourse = script.tasks
      .filter((task) => task.profile === 'ahead' || task.profile === 'near')
      .map((task) => byId.get(task.task.id) as any);
    expect(lagging).toMatchObject({ status: '进度滞后', lastReport: { period: '2025-03', status: 'signed_off' } });
    expect(late).toMatchObject({ status: '逾期未报', lastReport: { period: '2025-02', status: 'signed_off' } });
    expect(onCourse.length).toBeGreaterThan(0);
    for (const task of onCourse) {
      expect(['正常推进', '已完成']).toContain(task.status);
      expect(task.percent).toBeGreaterThan(lagging.percent);
    }
  });

  it('urges (催报) the late task for its missing month and supervises the lagging one with a 督办单 answered and closed', async () => {
    const late = taskOf('late');
    const urges = await get(`/api/urges?taskId=${encodeURIComponent(late.task.id)}`);
    expect(urges).toEqual([expect.objectContaining({ taskId: late.task.id, period: '2025-03' })]);
    expect(urges[0].acknowledgedBy.length).toBeGreaterThan(0);

    const lagging = taskOf('lagging');
    const notices = await get(`/api/notices?taskId=${encodeURIComponent(lagging.task.id)}`);
    expect(notices).toEqual([
      expect.objectContaining({ cause: 'manual', level: 'yellow', status: 'closed', matter: lagging.notice!.matter }),
    ]);
    const notice = await get(`/api/notices/${notices[0].id}`);
    expect(notice.history.map((entry: any) => entry.type)).toEqual([
      'NoticeIssued',
      'NoticeAcknowledged',
      'NoticeResponded',
      'NoticeClosed',
    ]);
  });

  it('does not double the year when run again, and says so', async () => {
    const before = (await get('/api/reports')).length;
    const again = await demoYear();
    expect(again).toMatchObject({ code: 0, err: '' });
    expect(again.out).toMatch(/^演示年度已在库中：2025年 3 项任务的 \d+ 份报告均已报送，不再重复填报。/);
    expect((await get('/api/reports')).length).toBe(before);
    expect(await get(`/api/urges?taskId=${encodeURIComponent(taskOf('late').task.id)}`)).toHaveLength(1);
  });
});
