import type { Notice, NoticeHistoryEntry, User } from './api';
import {
  actorText,
  daysOpen,
  historyDetail,
  isOverdue,
  lastReturnReason,
  latestResponse,
  noticeActionsFor,
  supervisorTodo,
  unitTodo,
} from './notice';

const issued: Notice = {
  id: 'n1',
  taskId: 'hengyang-2025-P01',
  unitId: 'edu',
  unitIds: ['edu'],
  level: 'yellow',
  cause: 'manual',
  matter: '电脑配置进度滞后，请说明原因并提出整改措施。',
  periods: [],
  status: 'issued',
  issuedAt: '2025-12-22T02:00:00Z',
  acknowledgeBy: '2025-12-23T02:00:00Z',
  dueAt: '2025-12-29T15:59:59.999Z',
  causeCleared: false,
  history: [],
};

const user = (username: string, role: User['role'], unitId: string | null): User => ({
  id: `acc-${username}`,
  username,
  role,
  unitId,
  displayName: username,
});
const unit = user('edu', 'submitter', 'edu');
const otherUnit = user('health', 'submitter', 'health');
const coordinator = user('coordinator', 'coordinator', null);
const auditor = user('auditor', 'auditor', null);

const entry = (type: string, detail: Record<string, unknown>, role = 'coordinator', at = '2025-12-23T08:00:00Z'): NoticeHistoryEntry => ({
  type,
  at,
  actorId: 'acc-123',
  role,
  detail,
});

describe('a notice in the console', () => {
  it('waits on the unit to sign, then to answer (again after a return), and not while checked or closed', () => {
    expect(unitTodo('issued')).toBe('待签收');
    expect(unitTodo('acknowledged')).toBe('待反馈');
    expect(unitTodo('returned')).toBe('待反馈');
    expect(unitTodo('responded')).toBeNull();
    expect(unitTodo('closed')).toBeNull();
  });

  it('offers each role only its own actions', () => {
    expect(noticeActionsFor(unit, issued)).toEqual(['acknowledge']);
    expect(noticeActionsFor(unit, { ...issued, status: 'acknowledged' })).toEqual(['respond']);
    expect(noticeActionsFor(otherUnit, issued)).toEqual([]);
    expect(noticeActionsFor(coordinator, issued)).toEqual([]);
    expect(noticeActionsFor(coordinator, { ...issued, status: 'responded' })).toEqual(['return', 'close']);
    // 可销号: the cause went away, so the office may close without an answer.
    expect(noticeActionsFor(coordinator, { ...issued, causeCleared: true })).toEqual(['close']);
    expect(noticeActionsFor(coordinator, { ...issued, status: 'closed', causeCleared: true })).toEqual([]);
    expect(noticeActionsFor(auditor, { ...issued, status: 'responded' })).toEqual([]);
  });

  it('names who acted by unit or role, never by account', () => {
    const names = (id: string | null | undefined) => (id === 'edu' ? '市教育局' : '—');
    expect(actorText(entry('NoticeAcknowledged', { unitId: 'edu' }, 'submitter'), names)).toBe('市教育局');
    expect(actorText(entry('NoticeClosed', {}), names)).toBe('工作专班办公室');
    expect(actorText(entry('NoticeEscalated', {}, 'system'), names)).toBe('系统');
    expect(actorText(entry('NoticeClosed', {}, 'someone-new'), names)).toBe('—');
  });

  it('tells each step in Chinese, with no codes', () => {
    expect(historyDetail(entry('NoticeIssued', { level: 'red', cause: 'report_missing', matter: '补报', periods: ['2025-06'] }))).toEqual([
      '红色督办 · 逾期未报',
      '涉及期间：2025年6月',
      '督办事项：补报',
    ]);
    expect(
      historyDetail(entry('NoticeResponded', { measures: '加快安装', expectedBy: '2026-01-10', evidence: ['衡教〔2025〕1号'] })),
    ).toEqual(['整改措施：加快安装', '预计整改到位：2026年1月10日', '佐证材料：衡教〔2025〕1号']);
    expect(historyDetail(entry('NoticeEscalated', { deadline: 'acknowledge', from: 'blue', to: 'yellow' }, 'system'))).toEqual([
      '逾期未签收：蓝色督办 → 黄色督办',
    ]);
    expect(historyDetail(entry('NoticeClosed', {}))).toEqual([]);
  });

  it('finds the last return reason, the days open and whether it is late', () => {
    const returned: Notice = {
      ...issued,
      status: 'returned',
      history: [entry('NoticeReturned', { reason: '措施不具体', dueAt: '2025-12-30T15:59:59.999Z' })],
    };
    expect(lastReturnReason(returned)).toBe('措施不具体');
    const answered = entry('NoticeResponded', { unitId: 'edu', measures: '加快安装', expectedBy: '2026-01-10', evidence: [] }, 'submitter');
    expect(latestResponse({ ...returned, history: [answered, ...returned.history] })).toEqual({
      measures: '加快安装',
      expectedBy: '2026-01-10',
      evidence: [],
      at: answered.at,
    });
    expect(latestResponse(issued)).toBeNull();
    expect(daysOpen(issued, new Date('2025-12-25T02:00:00Z'))).toBe(3);
    const closed: Notice = { ...issued, status: 'closed', history: [entry('NoticeClosed', {}, 'coordinator', '2025-12-24T03:00:00Z')] };
    expect(daysOpen(closed, new Date('2026-03-01T00:00:00Z'))).toBe(2);
    expect(isOverdue(issued, new Date('2025-12-23T03:00:00Z'))).toBe(true);
    expect(isOverdue({ ...issued, status: 'acknowledged' }, new Date('2025-12-23T03:00:00Z'))).toBe(false);
    expect(isOverdue({ ...issued, status: 'responded' }, new Date('2026-01-23T03:00:00Z'))).toBe(false);
  });
});

describe('what a notice waits for from the 工作专班办公室', () => {
  it('is 核查 once answered, 销号 once its cause went away, nothing while the unit owes an act or once closed', () => {
    expect(supervisorTodo({ status: 'responded', causeCleared: false })).toBe('待核查');
    expect(supervisorTodo({ status: 'acknowledged', causeCleared: true })).toBe('可销号');
    expect(supervisorTodo({ status: 'issued', causeCleared: false })).toBeNull();
    expect(supervisorTodo({ status: 'closed', causeCleared: true })).toBeNull();
  });
});
