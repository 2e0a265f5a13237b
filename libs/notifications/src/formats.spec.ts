import { createHmac } from 'node:crypto';
import { accepted, deliveryRequest, type Delivery } from './formats';

const delivery: Delivery = {
  deliveryId: 'e1:0/c1',
  notificationId: 'e1:0',
  kind: 'task_urged',
  at: '2025-07-03T02:00:00.000Z',
  documentKind: 'urge',
  documentId: 'hengyang-2025-P01-2025-06',
  taskId: 'hengyang-2025-P01',
  words: { title: '催报：P01 更新义务教育学校设备', text: '2025年6月进展报告尚未报送，请尽快报送。' },
};
const now = Date.parse('2025-07-03T02:00:05.000Z');

describe('delivery formats', () => {
  it('sign a generic webhook’s timestamp and body with HMAC-SHA256, and name the delivery', () => {
    const request = deliveryRequest('webhook', 'http://127.0.0.1:9/hook', 's3cret', delivery, now);
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({ id: 'e1:0/c1', title: delivery.words.title, text: delivery.words.text, taskId: delivery.taskId });
    expect(request.headers['x-ledger-delivery']).toBe('e1:0/c1');
    const expected = createHmac('sha256', 's3cret').update(`${request.headers['x-ledger-timestamp']}.${request.body}`).digest('hex');
    expect(request.headers['x-ledger-signature']).toBe(`sha256=${expected}`);
    expect(deliveryRequest('webhook', 'http://127.0.0.1:9/hook', undefined, delivery, now).headers['x-ledger-signature']).toBeUndefined();
  });

  it('speak the 企业微信 and 钉钉 robots’ markdown, with 钉钉’s 加签 in the URL', () => {
    expect(
      JSON.parse(deliveryRequest('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', undefined, delivery, now).body),
    ).toEqual({
      msgtype: 'markdown',
      markdown: { content: `**${delivery.words.title}**\n${delivery.words.text}` },
    });
    const ding = deliveryRequest('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=t', 'SEC1', delivery, now);
    const url = new URL(ding.url);
    expect(url.searchParams.get('access_token')).toBe('t');
    expect(url.searchParams.get('timestamp')).toBe(String(now));
    expect(url.searchParams.get('sign')).toBe(createHmac('sha256', 'SEC1').update(`${now}\nSEC1`).digest('base64'));
    expect(JSON.parse(ding.body).markdown.title).toBe(delivery.words.title);
  });

  it('count a robot’s answer as taken only when its errcode is 0', () => {
    expect(accepted('wecom', 200, '{"errcode":0,"errmsg":"ok"}')).toBe(true);
    expect(accepted('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toBe(false);
    expect(accepted('webhook', 204, '')).toBe(true);
    expect(accepted('webhook', 500, '')).toBe(false);
  });
});
