import { randomUUID } from 'node:crypto';
import { Workbook } from 'exceljs';
import { chainForTask, DEFAULT_CHAIN, reportStreamId, type ReportEvent } from '@ledger/domain';
import type { NewEvent } from '@ledger/event-store';
import { startTestSystem, type TestSystem } from '../support/system';

jest.setTimeout(300_000);

interface BoardTask {
  id: string;
  code: string;
  title: string;
  leadUnits: string[];
  reporting: string;
  progress: string;
  light: string;
  status: string;
  indicators: Array<{ id: string; target: number | null }>;
}

/**
 * The dashboard's two dimensions through the API: reporting (按时 / 已补报 / 逾期未报) and
 * progress (已完成 / 正常推进 / 进度滞后) are judged apart, so a task signed off for the month is
 * not 逾期未报 and a task without reports still counts as lagging; the filters pick tasks by them.
 * Reports are written to the log as the report workflow writes them (submitted, approved, signed
 * off), dated where the test needs them.
 */
describe('dashboard: reporting, progress and the light, and its filters', () => {
  let system: TestSystem;
  let coordinator: string;
  let tasks: BoardTask[];
  let unitToken: string;

  const board = async (query = '', token = coordinator) => {
    const response = await system.call('GET', `/api/dashboard${query}`, token);
    expect(response.status).toBe(200);
    return response.body as {
      counts: Record<string, number>;
      reporting: Record<string, number>;
      progress: Record<string, number>;
      lights: Record<string, number>;
      facets: { categories: string[]; leadUnits: string[] };
      sections: Array<{ categories: Array<{ title: string; tasks: BoardTask[] }> }>;
    };
  };
  const tasksOf = (answer: Awaited<ReturnType<typeof board>>) => answer.sections.flatMap((s) => s.categories.flatMap((c) => c.tasks));

  /** Writes a signed-off report of `period` for the task (or one left in review), submitted at `submittedAt`, its values a share of each target. */
  const signOff = async (task: BoardTask, period: string, submittedAt: string, share: number, inReview = false) => {
    const reportId = randomUUID();
    const chain = chainForTask(DEFAULT_CHAIN, task.leadUnits);
    const values = task.indicators.map((i) => ({ indicatorId: i.id, value: Math.round((i.target ?? 1) * share) }));
    const later = (hours: number) => new Date(Date.parse(submittedAt) + hours * 3_600_000).toISOString();
    const planId = task.id.slice(0, task.id.length - task.code.length - 1);
    const events: ReportEvent[] = [
      {
        type: 'ReportSubmitted',
        data: {
          reportId,
          at: submittedAt,
          planId,
          taskId: task.id,
          period,
          unitId: task.leadUnits[0]!,
          revision: 1,
          values,
          narrative: '按计划推进',
          chain,
          stage: chain.stages[0]!.id,
        },
      },
      { type: 'ReportApproved', data: { reportId, at: later(1), stage: chain.stages[0]!.id, nextStage: 'office_signoff' } },
      {
        type: 'ReportSignedOff',
        data: { reportId, at: later(2), planId, taskId: task.id, period, stage: 'office_signoff', revision: 1, values },
      },
    ];
    const stored: NewEvent[] = events.slice(0, inReview ? 1 : events.length).map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        actorId: 'acct-test',
        role: 'office',
        unitId: null,
        correlationId: reportId,
        causationId: null,
        workflowId: reportStreamId(reportId),
        schemaVersion: 1,
      },
    }));
    await system.storage.store.append(reportStreamId(reportId), 0, stored);
    await system.services.projector.waitFor(await system.storage.store.lastPosition(), 30_000);
  };

  beforeAll(async () => {
    system = await startTestSystem('dashboard_dims');
    coordinator = await system.login('coordinator');
    unitToken = await system.login('edu');
    // Tasks led by one unit whose indicators are all counts that grow to a target: a share of the target is that share done.
    const counts: Array<{ task_id: string }> = await system.storage.dataSource.query(
      `select task_id from rm_indicators group by task_id
        having bool_and(kind = 'cumulative' and comparator = '>=' and target > 0)`,
    );
    const countable = new Set(counts.map((row) => row.task_id));
    tasks = tasksOf(await board()).filter((t) => t.leadUnits.length === 1 && countable.has(t.id));
    expect(tasks.length).toBeGreaterThanOrEqual(4);
  });

  afterAll(async () => system?.stop());

  it('counts every lagging task in 进度滞后, whether or not its report is overdue, and a signed-off month is not 逾期未报', async () => {
    const [lagging, late, done, december] = tasks;
    await signOff(lagging!, '2025-11', '2025-12-10T02:00:00.000Z', 0.1);
    // After November's deadline (the end of 25 December, China time).
    await signOff(late!, '2025-11', '2025-12-27T02:00:00.000Z', 0.9);
    await signOff(done!, '2025-11', '2025-12-05T02:00:00.000Z', 1);
    await signOff(december!, '2025-12', '2026-01-10T02:00:00.000Z', 0.5);

    // November is closed, December not yet.
    const answer = await board('?asOf=2025-12-30T00:00:00Z');
    const all = tasksOf(answer);
    const of = (task: BoardTask) => all.find((t) => t.id === task.id)!;
    expect([of(lagging!).reporting, of(lagging!).progress, of(lagging!).light]).toEqual(['on_time', 'behind', 'red']);
    expect([of(late!).reporting, of(late!).progress, of(late!).light]).toEqual(['late', 'on_track', 'yellow']);
    expect([of(done!).reporting, of(done!).progress, of(done!).light]).toEqual(['on_time', 'completed', 'green']);
    // A December report covers November (values are cumulative), though it came after November's deadline.
    expect(of(december!).reporting).toBe('late');

    const behind = all.filter((t) => t.progress === 'behind');
    expect(answer.progress.behind).toBe(behind.length);
    // The tasks with no report at all are both overdue and lagging: counted in each dimension.
    expect(behind.length).toBeGreaterThan(all.length - 5);
    expect(answer.reporting.overdue).toBe(all.length - 4);
    expect(answer.reporting.on_time + answer.reporting.late + answer.reporting.overdue).toBe(all.length);
    expect(answer.progress.completed + answer.progress.on_track + answer.progress.behind).toBe(all.length);
    expect(answer.lights.green + answer.lights.yellow + answer.lights.red).toBe(all.length);

    // Once December closes, the task signed off for December is not 逾期未报, on either status.
    const january = tasksOf(await board('?asOf=2026-01-27T00:00:00Z'));
    const signed = january.find((t) => t.id === december!.id)!;
    expect(signed.reporting).toBe('on_time');
    expect(signed.status).not.toBe('逾期未报');
    expect(january.find((t) => t.id === done!.id)!.reporting).toBe('overdue');
  });

  it('filters by light, reporting, progress, category, lead unit and words, and refuses a filter it does not know', async () => {
    const asOf = '?asOf=2025-12-30T00:00:00Z';
    const green = await board(`${asOf}&light=green`);
    expect(tasksOf(green).map((t) => t.id)).toEqual([tasks[2]!.id]);
    expect(green.lights).toEqual({ green: 1, yellow: 0, red: 0 });
    // The facets list what there is to pick, not what the filter left.
    expect(green.facets.categories.length).toBeGreaterThan(1);

    expect(tasksOf(await board(`${asOf}&reporting=late`)).map((t) => t.id)).toEqual(expect.arrayContaining([tasks[1]!.id, tasks[3]!.id]));
    expect(tasksOf(await board(`${asOf}&progress=completed`)).map((t) => t.id)).toEqual([tasks[2]!.id]);
    const [unit] = tasks[0]!.leadUnits;
    const byUnit = tasksOf(await board(`${asOf}&leadUnit=${encodeURIComponent(unit!)}`));
    expect(byUnit.length).toBeGreaterThan(0);
    expect(byUnit.every((t) => t.leadUnits.includes(unit!))).toBe(true);
    const everything = await board(asOf);
    const category = everything.facets.categories[0]!;
    const inCategory = await board(`${asOf}&category=${encodeURIComponent(category)}`);
    expect(inCategory.sections.flatMap((s) => s.categories.map((c) => c.title))).toEqual([category]);
    const search = tasksOf(await board(`${asOf}&search=${encodeURIComponent(tasks[0]!.code)}`));
    expect(search.map((t) => t.code)).toContain(tasks[0]!.code);
    expect(search.length).toBeLessThan(tasksOf(everything).length);

    const refused = await system.call('GET', '/api/dashboard?light=blue', coordinator);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'light' }));
    const unknown = await system.call('GET', '/api/dashboard?colour=red', coordinator);
    expect(unknown.status).toBe(400);
    // A unit's view is its own tasks, filtered the same way.
    const own = tasksOf(await board(`${asOf}&reporting=overdue`, unitToken));
    expect(own.every((t) => t.leadUnits.includes('edu') && t.reporting === 'overdue')).toBe(true);
  });

  it('pages what waits in the inbox, longest waiting first, with a next link while more waits', async () => {
    // In review at the coordinator's stage (the tasks are led by one unit: no countersigning).
    for (const [index, task] of tasks.slice(0, 3).entries())
      await signOff(task, '2025-10', `2025-11-0${index + 1}T02:00:00.000Z`, 0.5, true);
    const first = await system.request('GET', '/api/inbox?limit=2', { token: coordinator });
    expect(first.status).toBe(200);
    expect(first.body.waiting.map((item: { taskId: string }) => item.taskId)).toEqual([tasks[0]!.id, tasks[1]!.id]);
    const link = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    expect(link).toBeDefined();
    const second = await system.request('GET', link!, { token: coordinator });
    expect(second.body.waiting.map((item: { taskId: string }) => item.taskId)).toEqual([tasks[2]!.id]);
    expect(second.headers.get('link')).toBeNull();
    expect((await system.call('GET', '/api/inbox?limit=0', coordinator)).body.errors).toContainEqual(
      expect.objectContaining({ field: 'limit' }),
    );
  });

  it('exports the filtered view with its dimensions, under a Chinese file name', async () => {
    const response = await fetch(`${system.url}/api/exports/monthly.xlsx?period=2025-11&asOf=2025-12-30T00:00:00Z&light=green`, {
      headers: { authorization: `Bearer ${coordinator}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('月度进度表（2025年11月）（筛选）.xlsx')}`,
    );
    const book = new Workbook();
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('月报')!;
    const header = sheet.getRow(3).values as unknown[];
    expect(header.slice(9)).toEqual(['报送情况', '进度情况', '红黄绿灯']);
    const taskRows = (sheet.getSheetValues().slice(4) as unknown[][]).filter((row) =>
      ['绿灯', '黄灯', '红灯'].includes(row?.[11] as string),
    );
    expect(new Set(taskRows.map((row) => row[1]))).toEqual(new Set([`${tasks[2]!.code} ${tasks[2]!.title}`]));
    expect(taskRows[0]!.slice(9, 12)).toEqual(['按时', '已完成', '绿灯']);
    const bad = await system.call('GET', '/api/exports/monthly.xlsx?period=2025-11&reporting=never', coordinator);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'reporting' }));
  });
});
