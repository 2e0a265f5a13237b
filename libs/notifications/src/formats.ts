import { createHmac } from 'node:crypto';
import type { RenderedNotification } from './render';

/**
 * Where a city routes its reminders: a generic JSON webhook signed with HMAC-SHA256, or the
 * group robots of 企业微信 and 钉钉 in their own message formats.
 */
export const CHANNEL_KINDS = ['webhook', 'wecom', 'dingtalk'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** What is delivered: the notification's words and the codes a receiver links with. */
export interface Delivery {
  /** `<notification id>/<channel id>`: the same on every retry, so a receiver can drop a repeat. */
  deliveryId: string;
  notificationId: string;
  kind: string;
  at: string;
  documentKind: string;
  documentId: string;
  taskId: string;
  words: RenderedNotification;
}

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The HTTP request one delivery makes on a channel. `now` (ms) is the signing time; the secret
 * signs the generic webhook's body (header `X-Ledger-Signature: sha256=<hex>` over
 * `<timestamp>.<body>`) and 钉钉's URL (its 加签: `timestamp` and `sign` parameters).
 */
export function deliveryRequest(
  kind: ChannelKind,
  url: string,
  secret: string | undefined,
  delivery: Delivery,
  now: number,
): OutgoingRequest {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  const { title, text } = delivery.words;
  switch (kind) {
    case 'webhook': {
      const body = JSON.stringify({
        id: delivery.deliveryId,
        notificationId: delivery.notificationId,
        kind: delivery.kind,
        title,
        text,
        at: delivery.at,
        documentKind: delivery.documentKind,
        documentId: delivery.documentId,
        taskId: delivery.taskId,
      });
      const timestamp = String(Math.floor(now / 1000));
      const headers: Record<string, string> = { ...json, 'x-ledger-delivery': delivery.deliveryId, 'x-ledger-timestamp': timestamp };
      if (secret) headers['x-ledger-signature'] = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
      return { url, headers, body };
    }
    case 'wecom':
      return { url, headers: json, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: `**${title}**\n${text}` } }) };
    case 'dingtalk': {
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { title, text: `#### ${title}\n\n${text}` } });
      if (!secret) return { url, headers: json, body };
      const timestamp = String(now);
      const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
      const signed = new URL(url);
      signed.searchParams.set('timestamp', timestamp);
      signed.searchParams.set('sign', sign);
      return { url: signed.toString(), headers: json, body };
    }
  }
}

/**
 * Whether the receiver took it. The robots answer 200 with `errcode` 0 on success and another
 * code (rate limit, bad key) otherwise; a webhook's 2xx is enough.
 */
export function accepted(kind: ChannelKind, status: number, body: string): boolean {
  if (status < 200 || status >= 300) return false;
  if (kind === 'webhook') return true;
  try {
    return (JSON.parse(body) as { errcode?: number }).errcode === 0;
  } catch {
    return false;
  }
}
