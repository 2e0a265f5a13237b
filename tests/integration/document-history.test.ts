import { Workbook } from 'exceljs';
import { startTestSystem, type TestSystem } from '../support/system';

const P01 = 'hengyang-2025-P01'; // 市教育局
const PERIOD = '2025-06';

/** 催报, 延期申请 and 领导批示 in a task's history as of a moment: replayed from their streams, absent before they began. */
describe('urges, extension requests and instructions in the task history', () => {
  let system: TestSystem;
  let coordinator: string;
  let office: string;
  let edu: string;
  let auditor: string;

  const ok = async (method: string, path: string, token: string, body: unknown = {}) => {
    const answer = await system.call(method, path, token, body);
    if (answer.status !== 200 && answer.status !== 201)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  /** A moment strictly between what is recorded before it and what is recorded after. */
  const moment = async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const at = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return at;
  };
  const history = async (asOf: string, token = auditor) => {
    const answer = await system.call('GET', `/api/targets/${P01}/history?asOf=${encodeURIComponent(asOf)}`, token);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const documentEvents = (h: any) => h.events.filter((e: any) => e.urgeId || e.extensionId || e.instructionId);

  beforeAll(async () => {
    system = await startTestSystem('document-history');
    [coordinator, office, edu, auditor] = await Promise.all(['coordinator', 'office', 'edu', 'auditor'].map((u) => system.login(u)));
  });
  afterAll(() => system?.stop());

  it('has none before they began, then each with its status as of the moment, its events in words and in the xlsx', async () => {
    const before = await moment();
    const urged = await ok('POST', '/api/urges', coordinator, { taskIds: [P01], period: PERIOD, message: '请于本周五前报送' });
    const urgeId = urged.urged[0].urgeId as string;
    const afterUrge = await moment();
    await ok('POST', `/api/urges/${urgeId}/acknowledge`, edu);
    const extensionId = (
      await ok('POST', '/api/extensions', edu, { taskId: P01, period: PERIOD, until: '2099-01-31', reason: '统计口径调整' })
    ).id as string;
    const afterRequest = await moment();
    await ok('POST', `/api/extensions/${extensionId}/approve`, office, { comment: '同意延期' });
    const instructionId = (await ok('POST', '/api/instructions', office, { taskId: P01, by: 'convener', text: '请加快推进电脑配置' }))
      .id as string;
    const afterInstruction = await moment();
    await ok('POST', `/api/instructions/${instructionId}/acknowledge`, edu);
    const afterReading = await moment();
    await ok('POST', `/api/instructions/${instructionId}/report`, edu, { text: '已完成招标，8月底前到货' });
    const afterAll = await moment();
    // The history finds the documents in their read models (an index), then replays their streams.
    await system.services.projector.waitFor(await system.storage.store.lastPosition());

    const then = await history(before);
    expect(then.state).toMatchObject({ urges: [], extensions: [], instructions: [] });
    expect(documentEvents(then)).toEqual([]);

    const first = await history(afterUrge);
    expect(first.state.urges).toEqual([
      {
        id: urgeId,
        period: PERIOD,
        unitIds: ['edu'],
        message: '请于本周五前报送',
        status: 'urged',
        urgedAt: expect.any(String),
        acknowledgedBy: [],
      },
    ]);
    expect(first.state).toMatchObject({ extensions: [], instructions: [] });
    expect(documentEvents(first)).toEqual([
      expect.objectContaining({ type: 'TaskUrged', label: '催报', role: 'coordinator', urgeId, comment: '2025年6月：请于本周五前报送' }),
    ]);

    const requested = await history(afterRequest);
    expect(requested.state.urges).toMatchObject([{ id: urgeId, status: 'acknowledged', acknowledgedBy: ['edu'] }]);
    expect(requested.state.extensions).toEqual([
      {
        id: extensionId,
        unitId: 'edu',
        period: PERIOD,
        deadline: '2025-07-25T16:00:00.000Z',
        until: '2099-01-31',
        reason: '统计口径调整',
        status: 'requested',
        requestedAt: expect.any(String),
      },
    ]);
    expect(requested.state.instructions).toEqual([]);

    const instructed = await history(afterInstruction);
    expect(instructed.state.extensions).toMatchObject([{ id: extensionId, status: 'approved', comment: '同意延期' }]);
    expect(instructed.state.instructions).toMatchObject([
      {
        id: instructionId,
        unitIds: ['edu'],
        by: { role: 'convener', unit: 'gov', position: '分管副市长' },
        text: '请加快推进电脑配置',
        status: 'recorded',
        acknowledgedBy: [],
        reports: [],
      },
    ]);
    expect((await history(afterReading)).state.instructions).toMatchObject([{ status: 'acknowledged', acknowledgedBy: ['edu'] }]);

    // A lead unit reads its own task's history too.
    const last = await history(afterAll, edu);
    expect(last.state.instructions).toMatchObject([{ status: 'reported', reports: [{ unitId: 'edu', text: '已完成招标，8月底前到货' }] }]);
    expect(documentEvents(last).map((e: any) => [e.label, e.role, e.comment])).toEqual([
      ['催报', 'coordinator', '2025年6月：请于本周五前报送'],
      ['催报已阅', 'submitter', undefined],
      ['申请延期', 'submitter', '2025年6月报告申请延期至 2099-01-31：统计口径调整'],
      ['同意延期', 'office', '同意延期至 2099-01-31：同意延期'],
      ['领导批示', 'office', '召集人（分管副市长）：请加快推进电脑配置'],
      ['阅示', 'submitter', undefined],
      ['报告落实情况', 'submitter', '已完成招标，8月底前到货'],
    ]);
    const positions = last.events.map((e: { position: number }) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    // The xlsx export: a sheet each, in words and China time, no codes.
    const xlsx = await fetch(`${system.url}/api/targets/${P01}/history.xlsx?asOf=${encodeURIComponent(afterAll)}`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(xlsx.status).toBe(200);
    const book = new Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = (name: string) => book.getWorksheet(name)!.getSheetValues().slice(1) as unknown[][];
    const china = /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/;

    const [urgeHeader, urgeRow, ...noMoreUrges] = sheet('催报');
    expect(urgeHeader!.slice(1)).toEqual(['期间', '催报单位', '催报内容', '状态', '催报时间', '已阅单位']);
    expect(urgeRow!.slice(1)).toEqual(['2025年6月', '市教育局', '请于本周五前报送', '已阅', expect.stringMatching(china), '市教育局']);
    expect(noMoreUrges).toEqual([]);

    const [extensionHeader, extensionRow] = sheet('延期申请');
    expect(extensionHeader!.slice(1)).toEqual([
      '延期事项',
      '申请单位',
      '原期限',
      '申请延至',
      '理由',
      '状态',
      '申请时间',
      '审批时间',
      '审批意见',
    ]);
    expect(extensionRow!.slice(1)).toEqual([
      '2025年6月进展报告',
      '市教育局',
      '2025年7月26日 00:00',
      '2099年1月31日',
      '统计口径调整',
      '已同意',
      expect.stringMatching(china),
      expect.stringMatching(china),
      '同意延期',
    ]);

    const [instructionHeader, instructionRow] = sheet('领导批示');
    expect(instructionHeader!.slice(1)).toEqual([
      '批示领导',
      '批示内容',
      '所涉督办单',
      '落实单位',
      '状态',
      '批示时间',
      '已阅示单位',
      '落实情况',
    ]);
    expect(instructionRow!.slice(1)).toEqual([
      expect.stringMatching(/^召集人（.+分管副市长）$/),
      '请加快推进电脑配置',
      '',
      '市教育局',
      '已报告落实情况',
      expect.stringMatching(china),
      '市教育局',
      expect.stringMatching(/^市教育局（\d{4}年.+）：已完成招标，8月底前到货$/),
    ]);
    // No codes in these sheets: no ids, no units' or statuses' codes.
    for (const row of [urgeRow, extensionRow, instructionRow]) {
      for (const cell of row!.slice(1)) expect(String(cell)).not.toMatch(/hengyang|\bedu\b|urged|approved|reported|convener|T\d{2}:/);
    }
    const events = sheet('事件').slice(1);
    expect(events.filter((row) => row[10]).map((row) => [row[2], row[10]])).toEqual([
      // An event that names its month says it.
      ['催报（2025年6月）', '催报'],
      ['催报已阅', '催报'],
      ['申请延期（2025年6月）', '延期申请'],
      ['同意延期（2025年6月）', '延期申请'],
      ['领导批示', '领导批示'],
      ['阅示', '领导批示'],
      ['报告落实情况', '领导批示'],
    ]);
  });
});
