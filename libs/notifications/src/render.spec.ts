import { renderNotification } from './render';

const names = { task: 'P01 更新义务教育学校设备', stage: '专班办公室审核', unit: '市教育局' };

describe('the words of a notification', () => {
  it('say what is asked, of which report or notice, in Chinese, with times in China time', () => {
    expect(renderNotification({ kind: 'report_waiting', facts: { period: '2025-06', stage: 'coordinator_review' } }, names)).toEqual({
      title: '待办：P01 更新义务教育学校设备',
      text: '2025年6月进展报告待专班办公室审核。',
    });
    expect(renderNotification({ kind: 'notice_issued', facts: { level: 'red', dueAt: '2025-07-10T02:00:00.000Z' } }, names).text).toBe(
      '收到红色督办单，请签收并于 2025年7月10日 10:00 前反馈整改情况。',
    );
    expect(renderNotification({ kind: 'extension_requested', facts: { until: '2025-08-05' } }, names).text).toBe(
      '市教育局申请延期至 2025年8月5日，请审批。',
    );
  });

  it('ask a member unit to read a signed-off bulletin, saying when it is a correction', () => {
    expect(renderNotification({ kind: 'bulletin_published', facts: { period: '2025-06', version: 1 } }, { task: '任务' })).toEqual({
      title: '督查通报：2025年6月',
      text: '2025年6月督查通报已签发，请阅知并标记已阅。',
    });
    expect(renderNotification({ kind: 'bulletin_published', facts: { period: '2025-06', version: 2 } }, { task: '任务' }).text).toContain(
      '更正版',
    );
  });

  it('never show a code, even for facts it does not know', () => {
    const { title, text } = renderNotification({ kind: 'report_escalated', facts: { period: '2025-06', stage: 'x' } }, { task: 'P01' });
    expect(`${title}${text}`).not.toMatch(/[a-z_]{3,}/);
  });
});
