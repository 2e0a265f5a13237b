import { deadlineNote } from './deadline';

// June's report is due by the end of 25 July, China time: the API gives the midnight that ends it.
const JUNE = { deadline: '2025-07-25T16:00:00.000Z' };
const china = (at: string) => new Date(`${at}+08:00`);

describe('the deadline on a 填报 card', () => {
  it('counts the days left in China calendar days', () => {
    expect(deadlineNote(JUNE, china('2025-07-22T09:00:00'))).toEqual({ text: '报送截止 2025年7月25日（还剩 3 天）', tone: 'warning' });
    // Late on the 21st is still four days before; the hour does not matter, the day does.
    expect(deadlineNote(JUNE, china('2025-07-21T23:30:00')).text).toBe('报送截止 2025年7月25日（还剩 4 天）');
    expect(deadlineNote(JUNE, china('2025-07-01T08:00:00'))).toEqual({ text: '报送截止 2025年7月25日（还剩 24 天）', tone: undefined });
  });

  it('says so on the day, up to its last minute', () => {
    expect(deadlineNote(JUNE, china('2025-07-25T00:00:00')).text).toBe('报送截止 2025年7月25日（今天截止）');
    expect(deadlineNote(JUNE, china('2025-07-25T23:59:00'))).toEqual({ text: '报送截止 2025年7月25日（今天截止）', tone: 'warning' });
  });

  it('counts the days overdue once it has passed with nothing submitted', () => {
    expect(deadlineNote(JUNE, china('2025-07-26T00:00:00'))).toEqual({ text: '报送截止 2025年7月25日（已逾期 1 天）', tone: 'danger' });
    expect(deadlineNote(JUNE, china('2025-07-27T18:00:00')).text).toBe('报送截止 2025年7月25日（已逾期 2 天）');
  });

  it('once submitted, says when and whether in time, however late it is now', () => {
    const onTime = { ...JUNE, submittedAt: '2025-07-20T02:00:00.000Z' };
    expect(deadlineNote(onTime, china('2025-09-01T10:00:00'))).toEqual({
      text: '报送截止 2025年7月25日（已于 2025年7月20日 按时报送）',
      tone: 'success',
    });
    const late = { ...JUNE, submittedAt: china('2025-07-28T10:00:00').toISOString() };
    expect(deadlineNote(late, china('2025-09-01T10:00:00'))).toEqual({
      text: '报送截止 2025年7月25日（已于 2025年7月28日 报送，逾期 3 天）',
      tone: 'warning',
    });
  });

  it('shows an extended deadline by its own day, and says it was extended', () => {
    // An extension runs to the end of its day: 23:59:59.999 China time.
    const extended = { deadline: '2025-08-10T15:59:59.999Z', extensionId: 'x1' };
    expect(deadlineNote(extended, china('2025-08-01T09:00:00')).text).toBe('报送截止 2025年8月10日（已延期，还剩 9 天）');
    expect(deadlineNote(extended, china('2025-08-10T22:00:00')).text).toBe('报送截止 2025年8月10日（已延期，今天截止）');
    expect(deadlineNote(extended, china('2025-08-11T00:00:00')).text).toBe('报送截止 2025年8月10日（已延期，已逾期 1 天）');
  });
});
