import { Workbook } from 'exceljs';
import { startTestSystem, type TestSystem } from '../support/system';

const P01 = 'hengyang-2025-P01'; // 市教育局
const P02 = 'hengyang-2025-P02'; // 市教育局
const P04 = 'hengyang-2025-P04'; // 市人力资源和社会保障局

/** 督办单 on the read side: counted on the dashboard and the unit's scorecard, and in a task's history as of a moment. */
describe('supervision notices on the dashboard, the scorecard and the task history', () => {
  let system: TestSystem;
  let coordinator: string;
  let edu: string;
  let hrss: string;
  let auditor: string;

  const issue = async (taskId: string, level: string, matter: string) => {
    const answer = await system.call('POST', '/api/notices', coordinator, { taskId, level, matter, dueDate: '2099-06-30' });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };
  const act = async (id: string, action: string, token: string, body: unknown = {}) =>
    expect((await system.call('POST', `/api/notices/${id}/${action}`, token, body)).status).toBe(200);
  const caughtUp = async () => system.services.projector.waitFor(await system.storage.store.lastPosition());
  /** A moment strictly between what is recorded before it and what is recorded after. */
  const moment = async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const at = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return at;
  };
  const history = async (taskId: string, asOf: string, token = auditor) => {
    const answer = await system.call('GET', `/api/targets/${taskId}/history?asOf=${encodeURIComponent(asOf)}`, token);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const dashboardTask = (dashboard: any, taskId: string) =>
    dashboard.sections
      .flatMap((s: any) => s.categories)
      .flatMap((c: any) => c.tasks)
      .find((t: any) => t.id === taskId);

  beforeAll(async () => {
    system = await startTestSystem('notice-read-side');
    [coordinator, edu, hrss, auditor] = await Promise.all(['coordinator', 'edu', 'hrss', 'auditor'].map((u) => system.login(u)));
  });
  afterAll(() => system?.stop());

  it('counts open notices per level for the plan and per task, shows a unit its own, and a unit’s scorecard its notices', async () => {
    const empty = (await system.call('GET', '/api/dashboard', coordinator)).body;
    expect(empty.notices).toEqual({ open: { blue: 0, yellow: 0, red: 0, total: 0 } });
    expect(dashboardTask(empty, P01).notices).toEqual({ open: 0, highestLevel: null });

    await issue(P01, 'red', '2025年6月进展报告逾期未报，请立即报送');
    const yellow = await issue(P01, 'yellow', '电脑配置进度滞后，请说明原因');
    await issue(P02, 'blue', '考室建设报送期限临近');
    const closed = await issue(P04, 'yellow', '请核实就业数据');
    await act(yellow, 'acknowledge', edu);
    await act(yellow, 'respond', edu, { measures: '已完成招标，8月底前到货', expectedBy: '2099-08-31' });
    await act(closed, 'acknowledge', hrss);
    await act(closed, 'respond', hrss, { measures: '已核实', expectedBy: '2099-07-31' });
    await act(closed, 'close', coordinator, { comment: '核查属实，予以销号' });
    await caughtUp();

    const board = (await system.call('GET', '/api/dashboard', coordinator)).body;
    // Closed (销号) is not open; an answered notice is open until it is closed.
    expect(board.notices).toEqual({ open: { blue: 1, yellow: 1, red: 1, total: 3 } });
    expect(dashboardTask(board, P01).notices).toEqual({ open: 2, highestLevel: 'red' });
    expect(dashboardTask(board, P02).notices).toEqual({ open: 1, highestLevel: 'blue' });
    expect(dashboardTask(board, P04).notices).toEqual({ open: 0, highestLevel: null });
    // A past asOf moves the calendar only: the notices are counted as the board stands now.
    const earlier = (await system.call('GET', '/api/dashboard?asOf=2025-03-01T00:00:00.000Z', coordinator)).body;
    expect(earlier.notices).toEqual(board.notices);

    // A unit's dashboard holds its own tasks and counts the notices sent to it.
    expect((await system.call('GET', '/api/dashboard', edu)).body.notices).toEqual({ open: { blue: 1, yellow: 1, red: 1, total: 3 } });
    expect((await system.call('GET', '/api/dashboard', hrss)).body.notices).toEqual({ open: { blue: 0, yellow: 0, red: 0, total: 0 } });

    const eduCard = await system.call('GET', '/api/units/edu/scorecard', edu);
    expect(eduCard.status).toBe(200);
    expect(eduCard.body.notices).toEqual({ open: { blue: 1, yellow: 1, red: 1, total: 3 }, closed: 0, escalated: 0, answeredLate: 0 });
    const hrssCard = await system.call('GET', '/api/units/hrss/scorecard', coordinator);
    expect(hrssCard.body.notices).toEqual({ open: { blue: 0, yellow: 0, red: 0, total: 0 }, closed: 1, escalated: 0, answeredLate: 0 });
  });

  it('replays a task’s notices into its history as of a moment: absent before the issue, then with the level and status of the moment', async () => {
    const before = await moment();
    const id = await issue(P02, 'yellow', '请说明考室建设进度滞后原因');
    const issuedAt = await moment();
    await act(id, 'acknowledge', edu);
    const acknowledgedAt = await moment();
    await act(id, 'respond', edu, { measures: '已落实施工队伍', expectedBy: '2099-09-30', evidence: ['施工合同 HY-2025-031'] });
    await act(id, 'return', coordinator, { reason: '缺少进度计划' });
    await act(id, 'respond', edu, { measures: '补充进度计划', expectedBy: '2099-09-30' });
    await act(id, 'close', coordinator, { comment: '核查属实，予以销号' });
    const closedAt = await moment();
    // The history finds a task's notices on the board (an index), then replays their streams.
    await caughtUp();

    const then = await history(P02, before);
    expect(then.state.notices.map((n: { id: string }) => n.id)).not.toContain(id);
    expect(then.events.filter((e: { noticeId?: string }) => e.noticeId === id)).toEqual([]);

    const issued = await history(P02, issuedAt);
    expect(issued.state.notices.find((n: { id: string }) => n.id === id)).toMatchObject({
      id,
      level: 'yellow',
      cause: 'manual',
      status: 'issued',
      unitIds: ['edu'],
      matter: '请说明考室建设进度滞后原因',
      dueAt: '2099-06-30T15:59:59.999Z',
    });
    const own = (h: any) => h.events.filter((e: { noticeId?: string }) => e.noticeId === id);
    expect(own(issued)).toEqual([
      expect.objectContaining({
        type: 'NoticeIssued',
        label: '下发督办单',
        role: 'coordinator',
        comment: '黄色督办：请说明考室建设进度滞后原因',
      }),
    ]);

    expect((await history(P02, acknowledgedAt)).state.notices.find((n: { id: string }) => n.id === id)).toMatchObject({
      status: 'acknowledged',
    });

    const after = await history(P02, closedAt, edu);
    expect(after.state.notices.find((n: { id: string }) => n.id === id)).toMatchObject({ level: 'yellow', status: 'closed' });
    expect(own(after).map((e: { label: string; comment?: string }) => [e.label, e.comment])).toEqual([
      ['下发督办单', '黄色督办：请说明考室建设进度滞后原因'],
      ['签收', undefined],
      ['整改反馈', '已落实施工队伍'],
      ['退回重办', '缺少进度计划'],
      ['整改反馈', '补充进度计划'],
      ['销号', '核查属实，予以销号'],
    ]);
    // One timeline in log order, every event in words.
    const positions = after.events.map((e: { position: number }) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(after.events.every((e: { label: string }) => /[\u4e00-\u9fff]/.test(e.label))).toBe(true);

    // The xlsx export carries the notices, in words.
    const xlsx = await fetch(`${system.url}/api/targets/${P02}/history.xlsx?asOf=${encodeURIComponent(closedAt)}`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(xlsx.status).toBe(200);
    const book = new Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const rows = book.getWorksheet('督办单')!.getSheetValues().slice(2) as unknown[][];
    expect(rows.find((row) => row[1] === id)).toEqual(expect.arrayContaining(['黄色督办', '人工交办', '已销号']));
    const events = book.getWorksheet('事件')!.getSheetValues().slice(2) as unknown[][];
    expect(events.filter((row) => row[7] === id).map((row) => row[2])).toEqual([
      '下发督办单',
      '签收',
      '整改反馈',
      '退回重办',
      '整改反馈',
      '销号',
    ]);
  });
});
