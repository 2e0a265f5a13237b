import { Workbook } from 'exceljs';
import { percentOfTarget } from '@ledger/domain';
import type { Event } from '@ledger/event-store';
import type { AuditRecordRead } from '../../apps/api/src/audit/access';
import { runCli } from '../../apps/cli/src/cli';
import { startTestSystem, type TestSystem } from '../support/system';

const PLAN = 'hengyang-2025';
const MONTHS = Array.from({ length: 12 }, (_, index) => `2025-${String(index + 1).padStart(2, '0')}`);

interface YearPlan {
  taskId: string;
  submitter: string;
  /** The co-lead unit that countersigns, for a co-led task. */
  countersigner?: string;
  values(month: number): Array<{ indicatorId: string; value: number }>;
  /** The month whose first revision the coordinator rejects. */
  rejectedMonth?: number;
}

// P01 reaches its targets in December, P03 ends at 95 % of them, P15 far below.
const share = (target: number, month: number, of = 1) => Math.round((target * of * month) / 12);
const YEAR: YearPlan[] = [
  {
    taskId: `${PLAN}-P01`,
    submitter: 'edu',
    rejectedMonth: 3,
    values: (m) => [
      { indicatorId: 'P01-1', value: share(38801, m) },
      { indicatorId: 'P01-2', value: share(297, m) },
    ],
  },
  {
    taskId: `${PLAN}-P03`,
    submitter: 'women-federation',
    rejectedMonth: 5,
    values: (m) => [
      { indicatorId: 'P03-1', value: share(1000, m, 0.95) },
      { indicatorId: 'P03-2', value: share(40000, m, 0.95) },
    ],
  },
  {
    taskId: `${PLAN}-P15`,
    submitter: 'transport',
    countersigner: 'post',
    values: (m) => [
      { indicatorId: 'P15-1', value: 0 },
      { indicatorId: 'P15-2', value: Math.min(40, m * 5) },
    ],
  },
];

describe('a year of monthly reports through the real chain, its read models rebuilt and replayed as of any moment', () => {
  let system: TestSystem;
  const tokens: Record<string, string> = {};
  const moments: { beforeFirstReport?: string; betweenRejectionAndResubmission?: string; rejectedReportId?: string } = {};

  const caughtUp = async () => system.services.projector.waitFor(await system.storage.store.lastPosition(), 20_000);
  /** A call that must succeed; after a command, waits for the read models (the API finds reports there). */
  const call = async (method: string, path: string, who: string, body?: unknown) => {
    const response = await system.call(method, path, tokens[who], body);
    if (response.status !== 200 && response.status !== 201)
      throw new Error(`${method} ${path} as ${who}: ${response.status} ${JSON.stringify(response.body)}`);
    if (method === 'POST') await caughtUp();
    return response.body;
  };
  const download = async (path: string, who: string) => {
    const response = await fetch(`${system.url}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: Buffer.from(await response.arrayBuffer()) };
  };

  async function reportYear(plan: YearPlan): Promise<void> {
    for (const [index, period] of MONTHS.entries()) {
      const month = index + 1;
      const rejected = plan.rejectedMonth === month;
      const first = rejected ? plan.values(month).map((v) => ({ ...v, value: v.value + 7 })) : plan.values(month);
      const { id } = await call('POST', '/api/reports', plan.submitter, {
        taskId: plan.taskId,
        period,
        values: first,
        narrative: `${period} 进展`,
      });
      if (plan.countersigner) await call('POST', `/api/reports/${id}/countersign`, plan.countersigner, {});
      if (rejected) {
        await call('POST', `/api/reports/${id}/reject`, 'coordinator', { reason: '数值与台账不符' });
        if (plan.taskId.endsWith('P01')) {
          moments.betweenRejectionAndResubmission = new Date().toISOString();
          moments.rejectedReportId = id;
        }
        await call('POST', `/api/reports/${id}/resubmit`, plan.submitter, {
          values: plan.values(month),
          narrative: `${period} 进展（已核对）`,
        });
        if (plan.countersigner) await call('POST', `/api/reports/${id}/countersign`, plan.countersigner, {});
      }
      await call('POST', `/api/reports/${id}/approve`, 'coordinator', { comment: '同意' });
      await call('POST', `/api/reports/${id}/approve`, 'office', {});
    }
  }

  beforeAll(async () => {
    system = await startTestSystem('year');
    for (const who of ['edu', 'women-federation', 'transport', 'post', 'data', 'hrss', 'coordinator', 'office', 'auditor', 'admin'])
      tokens[who] = await system.login(who);
    moments.beforeFirstReport = new Date().toISOString();
    await Promise.all(YEAR.map(reportYear));
    await caughtUp();
  });
  afterAll(() => system?.stop());

  it('shows the plan dashboard with each task’s status, signed-off values and last report', async () => {
    const dashboard = await call('GET', '/api/dashboard', 'coordinator');
    expect(dashboard.plan).toEqual({ id: PLAN, title: expect.any(String), year: 2025 });
    expect(dashboard.schedulePercent).toBe(100);
    const tasks = dashboard.sections.flatMap((s: any) => s.categories.flatMap((c: any) => c.tasks));
    expect(tasks).toHaveLength(44);
    const byId = new Map(tasks.map((task: any) => [task.id, task]));
    const [p01, p03, p15] = YEAR.map((plan) => byId.get(plan.taskId) as any);
    expect(p01).toMatchObject({ status: '已完成', percent: 100, lastReport: { period: '2025-12', status: 'signed_off' } });
    expect(p01.indicators).toEqual(
      YEAR[0]!.values(12).map((v) => expect.objectContaining({ id: v.indicatorId, value: v.value, percent: 100 })),
    );
    expect(p03).toMatchObject({ status: '正常推进', percent: 95 });
    expect(p15).toMatchObject({ status: '进度滞后', leadUnits: ['transport', 'post'] });
    // Every other task let twelve periods close without a report.
    expect(tasks.filter((task: any) => task.status === '逾期未报')).toHaveLength(41);
    expect(dashboard.counts).toEqual({ completed: 1, onTrack: 1, behind: 1, overdue: 41 });

    // Seen from mid-January 2025 nothing had closed yet: schedule progress is about 4 %, nothing is overdue.
    const early = await call('GET', '/api/dashboard?asOf=2025-01-15T00:00:00Z', 'coordinator');
    expect(early.schedulePercent).toBeLessThan(5);
    expect(early.counts.overdue).toBe(0);
    expect((await system.call('GET', '/api/dashboard?asOf=yesterday', tokens.coordinator)).body.errors).toContainEqual(
      expect.objectContaining({ field: 'asOf' }),
    );

    // A unit sees its own tasks only.
    const mine = await call('GET', '/api/dashboard', 'edu');
    const edu = mine.sections.flatMap((s: any) => s.categories.flatMap((c: any) => c.tasks));
    expect(edu.every((task: any) => task.leadUnits.includes('edu'))).toBe(true);
  });

  it('replays a target as of moments before the first report, between a rejection and its resubmission, and after sign-off', async () => {
    const p01 = YEAR[0]!;
    // The year's timeline of one task fits one page of the largest size (a page is the latest events; see target-history-paging).
    const history = (asOf?: string, who = 'auditor') =>
      call('GET', `/api/targets/${p01.taskId}/history?limit=200${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`, who);

    const before = await history(moments.beforeFirstReport);
    expect(before.position).toBeGreaterThan(0);
    expect(before.state.reports).toEqual([]);
    expect(before.state.indicators).toEqual([
      { id: 'P01-1', name: '补充配置电脑', value: null, percent: null },
      { id: 'P01-2', name: '建设物理化学生物考室', value: null, percent: null },
    ]);
    expect(before.events).toEqual([]);

    const between = await history(moments.betweenRejectionAndResubmission);
    expect(between.state.reports.map((r: any) => [r.period, r.status, r.revision])).toEqual([
      ['2025-01', 'signed_off', 1],
      ['2025-02', 'signed_off', 1],
      ['2025-03', 'returned', 1],
    ]);
    expect(between.state.indicators.map((i: any) => i.value)).toEqual(p01.values(2).map((v) => v.value));
    const last = between.events[between.events.length - 1];
    expect(last).toMatchObject({
      type: 'ReportRejected',
      role: 'coordinator',
      comment: '数值与台账不符',
      reportId: moments.rejectedReportId,
    });
    expect(between.events.map((e: any) => e.position)).toEqual(
      [...between.events.map((e: any) => e.position)].sort((a: number, b: number) => a - b),
    );
    expect(between.events.every((e: any) => e.position <= between.position)).toBe(true);
    // Each event says when the store recorded it, which is what asOf is compared with.
    expect(between.events.every((e: any) => Date.parse(e.recordedAt) <= Date.parse(moments.betweenRejectionAndResubmission!))).toBe(true);

    const now = await history();
    expect(now.state.reports).toHaveLength(12);
    expect(now.state.reports.every((r: any) => r.status === 'signed_off')).toBe(true);
    expect(now.state.reports.find((r: any) => r.id === moments.rejectedReportId)).toMatchObject({ period: '2025-03', revision: 2 });
    expect(now.state.indicators).toEqual(
      p01.values(12).map((v, i) => ({
        id: v.indicatorId,
        name: ['补充配置电脑', '建设物理化学生物考室'][i],
        value: v.value,
        percent: percentOfTarget({ kind: 'cumulative', target: [38801, 297][i]!, comparator: '>=' }, v.value),
      })),
    );
    const signedOff = now.events.filter((e: any) => e.type === 'ReportSignedOff');
    expect(signedOff).toHaveLength(12);
    expect(signedOff[11]).toMatchObject({ role: 'office', values: p01.values(12) });
    expect(now.events.filter((e: any) => e.type === 'ReportResubmitted')).toHaveLength(1);

    const bad = await system.call('GET', `/api/targets/${p01.taskId}/history?asOf=not-a-time`, tokens.auditor);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'asOf' }));
    expect((await system.call('GET', `/api/targets/${p01.taskId}/history`, tokens.transport)).status).toBe(404);
    expect((await system.call('GET', `/api/targets/${p01.taskId}/history`, tokens.edu)).status).toBe(200);
    expect((await system.call('GET', `/api/targets/no-such-task/history`, tokens.auditor)).status).toBe(404);
  });

  it('shows a resubmitted report with its revisions and what changed', async () => {
    const view = await call('GET', `/api/reports/${moments.rejectedReportId}`, 'coordinator');
    expect(view.revisions.map((r: any) => r.revision)).toEqual([1, 2]);
    expect(view.diff).toEqual(
      YEAR[0]!.values(3).map((v) => ({ indicatorId: v.indicatorId, before: v.value + 7, after: v.value, change: -7 })),
    );
  });

  it('exports a target’s history as JSON and xlsx and the month’s progress table, and records every read', async () => {
    const p01 = YEAR[0]!;
    const stream = `audit-access-${new Date().toISOString().slice(0, 7)}`;
    const readsBefore = (await system.storage.store.readStream(stream)).length;

    const json = await download(`/api/targets/${p01.taskId}/history.json`, 'auditor');
    expect(json.type).toContain('application/json');
    const exported = JSON.parse(json.body.toString('utf8'));
    expect(exported.state.reports).toHaveLength(12);

    const xlsx = await download(
      `/api/targets/${p01.taskId}/history.xlsx?asOf=${encodeURIComponent(moments.betweenRejectionAndResubmission!)}`,
      'auditor',
    );
    expect(xlsx.status).toBe(200);
    const historyBook = new Workbook();
    await historyBook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const eventRows = historyBook.getWorksheet('事件')!.getSheetValues().slice(2);
    // In words, not codes: the event, the role and the status as the console names them.
    expect(eventRows[eventRows.length - 1]).toEqual(expect.arrayContaining(['退回修改（2025年3月）', '工作专班办公室', '数值与台账不符']));
    const reportRows = historyBook.getWorksheet('报告')!.getSheetValues().slice(2) as unknown[][];
    expect(reportRows.map((row) => row[3])).toEqual(['已签发', '已签发', '已退回']);

    const monthly = await download('/api/exports/monthly.xlsx?period=2025-06', 'coordinator');
    expect(monthly.status).toBe(200);
    const book = new Workbook();
    await book.xlsx.load(monthly.body as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('月报')!;
    expect(sheet.getRow(3).values).toEqual([
      undefined,
      ...['任务', '指标', '目标值', '完成值', '完成率', '序时进度', '状态', '牵头单位', '报送情况', '进度情况', '红黄绿灯'],
    ]);
    const rows = (sheet.getSheetValues().slice(4) as unknown[][]).filter(
      (row) => typeof row[1] === 'string' && (row[1] as string).startsWith('P01 '),
    );
    expect(rows.map((row) => [row[2], row[3], row[4]])).toEqual([
      ['补充配置电脑', 38801, share(38801, 6)],
      ['建设物理化学生物考室', 297, share(297, 6)],
    ]);
    expect(rows[0]![8]).toBe('市教育局');
    expect((await system.call('GET', '/api/exports/monthly.xlsx?period=2025-6', tokens.coordinator)).body.errors).toContainEqual(
      expect.objectContaining({ field: 'period' }),
    );
    expect((await system.call('GET', '/api/exports/monthly.xlsx?period=2025-06', tokens.edu)).status).toBe(403);

    const reads = (await system.storage.store.readStream<Event<'AuditRecordRead', AuditRecordRead>>(stream)).slice(readsBefore);
    expect(reads.map((event) => [event.type, event.data.what, event.data.format])).toEqual([
      ['AuditRecordRead', 'target-history-export', 'json'],
      ['AuditRecordRead', 'target-history-export', 'xlsx'],
      ['AuditRecordRead', 'monthly-export', 'xlsx'],
    ]);
    expect(reads.map((event) => event.metadata.role)).toEqual(['auditor', 'auditor', 'coordinator']);
    expect(await call('GET', '/api/audit/verify', 'auditor')).toEqual({
      ok: true,
      checked: await system.storage.store.lastPosition(),
      firstBrokenPosition: null,
      attachments: { ok: true, checked: 0, firstBroken: null },
    });
    expect((await system.call('GET', '/api/audit/verify', tokens.edu)).status).toBe(403);
  });

  it('keeps inboxes and scorecards: what waits for whom, what each has done', async () => {
    const p16 = (await call('GET', '/api/tasks', 'data')).find((task: any) => task.code === 'P16');
    const p16Values = p16.indicators.map((indicator: any) => ({ indicatorId: indicator.id, value: 0 }));
    const coLed = await call('POST', '/api/reports', 'data', {
      taskId: p16.id,
      period: '2025-01',
      values: p16Values,
      narrative: '联合报送',
    });
    const p02 = await call('POST', '/api/reports', 'edu', {
      taskId: `${PLAN}-P02`,
      period: '2025-01',
      values: [{ indicatorId: 'P02-1', value: 100 }],
      narrative: '补报',
    });
    await caughtUp();
    const coordinator = await call('GET', '/api/inbox', 'coordinator');
    expect(coordinator.waiting.map((item: any) => item.reportId)).toContain(p02.id);
    expect(coordinator.waiting.find((item: any) => item.reportId === p02.id)).toMatchObject({
      taskCode: 'P02',
      stage: 'coordinator_review',
      unitId: 'edu',
      urged: false,
      slaDue: expect.any(String),
    });
    expect(coordinator.done.some((item: any) => item.action === 'ReportRejected' && item.reportId === moments.rejectedReportId)).toBe(true);
    expect((await call('GET', '/api/inbox', 'office')).waiting.map((item: any) => item.reportId)).not.toContain(p02.id);

    await call('POST', `/api/reports/${p02.id}/reject`, 'coordinator', { reason: '请补充佐证' });
    await caughtUp();
    const edu = await call('GET', '/api/inbox', 'edu');
    expect(edu.waiting).toEqual([expect.objectContaining({ reportId: p02.id, stage: 'returned', slaDue: null })]);
    expect(edu.done.filter((item: any) => item.action === 'ReportSubmitted')).toHaveLength(13);
    expect((await call('GET', '/api/inbox', 'coordinator')).waiting.map((item: any) => item.reportId)).not.toContain(p02.id);
    // The co-lead unit countersigns before the coordinator sees the report.
    expect((await call('GET', '/api/inbox', 'hrss')).waiting).toContainEqual(
      expect.objectContaining({ reportId: coLed.id, stage: 'countersign', unitId: 'data' }),
    );
    expect((await call('GET', '/api/inbox', 'coordinator')).waiting.map((item: any) => item.reportId)).not.toContain(coLed.id);

    const scorecard = await call('GET', '/api/units/edu/scorecard', 'coordinator');
    expect(scorecard.tasksLed.map((task: any) => task.code)).toEqual(expect.arrayContaining(['P01', 'P02']));
    // Reported in 2026 for 2025's months: every one after its deadline.
    expect(scorecard.reports).toEqual({ submitted: 13, onTime: 0, late: 13, returned: 2 });
    expect(scorecard.stageHours.map((s: any) => s.stage)).toEqual(
      expect.arrayContaining(['coordinator_review', 'office_signoff', 'returned']),
    );
    expect(scorecard.openOverdue).toContainEqual(
      expect.objectContaining({ kind: 'missing_report', taskId: `${PLAN}-P02`, period: '2025-02' }),
    );
    expect((await system.call('GET', '/api/units/transport/scorecard', tokens.edu)).status).toBe(404);
    expect((await system.call('GET', '/api/units/edu/scorecard', tokens.edu)).status).toBe(200);
  });

  it('rebuilds every read model from position 0 and finds it identical to the live tables', async () => {
    await caughtUp();
    const before = await call('GET', '/api/dashboard', 'coordinator');
    const out: string[] = [];
    const io = { stdout: (text: string) => out.push(text), stderr: () => undefined, env: { DATABASE_URL: system.config.databaseUrl } };
    expect(await runCli(['projections', 'rebuild'], io)).toBe(0);
    expect(out.join('')).toMatch(/^rebuilt catalog, report-view, task-progress, actions, target-records/);
    out.length = 0;
    expect(await runCli(['projections', 'verify'], io)).toBe(0);
    expect(out.join('')).toMatch(/^identical/);
    out.length = 0;
    expect(await runCli(['audit', 'verify'], io)).toBe(0);
    expect(out.join('')).toContain('"ok":true');
    const after = await call('GET', '/api/dashboard', 'coordinator');
    expect({ ...after, asOf: undefined, schedulePercent: undefined }).toEqual({ ...before, asOf: undefined, schedulePercent: undefined });
  });
});
