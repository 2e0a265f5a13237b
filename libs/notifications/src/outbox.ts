import type { Pool } from 'pg';
import { accepted, deliveryRequest, type ChannelKind } from './formats';
import { NOTIFICATION_COLUMNS, NOTIFICATION_JOINS, wordsOf, type NotificationRow } from './rows';

export interface OutboxOptions {
  pool: Pool;
  /** The projector whose checkpoint says up to where rm_notifications is complete. */
  checkpointName: string;
  /** Opens a channel's sealed secret (the key stays outside the database). */
  openSecret(channelId: string, sealed: string): string;
  fetch?: typeof fetch;
  /** How long a receiver may take to answer. */
  timeoutMs?: number;
  /** How often to look for new notifications when nothing is due. */
  pollMs?: number;
  log?: (message: string) => void;
}

/** How many notifications one round moves into the outbox per channel. */
const ENQUEUE_BATCH = 500;

/** 5 s, 10 s, 20 s … up to an hour between attempts; a receiver that stays down keeps its queue. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.min(attempts, 20), 3_600_000);
}

/**
 * Puts every notification a channel takes into its outbox, once (the key is the notification and
 * the channel), in the order of the log, up to where the projector has applied it. Returns how
 * many rows it added.
 */
export async function enqueueNotifications(pool: Pool, checkpointName: string): Promise<number> {
  const [checkpoint] = (await pool.query(`select position from projection_checkpoints where name = $1`, [checkpointName])).rows;
  if (!checkpoint) return 0;
  const upTo = Number(checkpoint.position);
  const channels = (await pool.query(`select id from notification_channels where enabled and enqueued_through < $1`, [upTo])).rows;
  let added = 0;
  for (const { id } of channels) {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const [channel] = (
        await client.query(
          `select enqueued_through, unit_id, kinds from notification_channels where id = $1 and enabled for update skip locked`,
          [id],
        )
      ).rows;
      if (!channel) {
        await client.query('rollback');
        continue;
      }
      // A unit's channel takes what is addressed to the unit; a city-wide one what is addressed to
      // roles and units, never what is addressed to one person (a transfer to an account).
      const { rows } = await client.query(
        `with picked as (
           select n.id, n.position from rm_notifications n
            where n.position > $2 and n.position <= $3
              and (case when $4::text is null then n.audience_account is null else n.audience_unit = $4 end)
              and ($5::jsonb is null or $5::jsonb ? n.kind)
            order by n.position limit $6),
         inserted as (
           insert into notification_outbox (notification_id, channel_id, position)
           select id, $1, position from picked on conflict do nothing returning 1)
         select (select count(*)::int from picked) as picked, (select max(position) from picked) as last,
                (select count(*)::int from inserted) as inserted`,
        [id, channel.enqueued_through, upTo, channel.unit_id, channel.kinds === null ? null : JSON.stringify(channel.kinds), ENQUEUE_BATCH],
      );
      const through = rows[0].picked === ENQUEUE_BATCH ? Number(rows[0].last) : upTo;
      await client.query(`update notification_channels set enqueued_through = $2 where id = $1`, [id, through]);
      await client.query('commit');
      added += rows[0].inserted;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
  return added;
}

interface DueRow extends NotificationRow {
  channel_id: string;
  attempts: number;
  channel_kind: ChannelKind;
  url: string;
  secret: string | null;
}

/**
 * Delivers the outbox: one row per transaction, locked while its request is out (so two senders
 * never send the same row at once), marked delivered when the receiver took it, else retried
 * later. A sender killed between the receiver's answer and the commit sends that row again on
 * restart: delivery is at least once, and every attempt carries the same delivery id
 * (`x-ledger-delivery`, and in the body), so a receiver that drops repeats sees each once.
 */
export class OutboxSender {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: OutboxOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** One round: enqueue what is new, then deliver what is due. Returns the number delivered. */
  async runOnce(): Promise<number> {
    await enqueueNotifications(this.options.pool, this.options.checkpointName);
    let delivered = 0;
    for (;;) {
      const outcome = await this.deliverNext();
      if (outcome === 'none') return delivered;
      if (outcome === 'delivered') delivered += 1;
      if (!this.running && this.loop) return delivered;
    }
  }

  private async run(): Promise<void> {
    const { pollMs = 1_000, log = console.error } = this.options;
    while (this.running) {
      try {
        await this.runOnce();
      } catch (error) {
        log(`notification outbox: ${(error as Error).message}`);
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        this.wake = () => (clearTimeout(timer), resolve());
      });
    }
  }

  private async deliverNext(): Promise<'none' | 'delivered' | 'failed'> {
    const { pool, timeoutMs = 10_000, openSecret } = this.options;
    const send = this.options.fetch ?? fetch;
    const client = await pool.connect();
    try {
      await client.query('begin');
      const [row] = (
        await client.query<DueRow>(
          `select o.channel_id, o.attempts, c.kind as channel_kind, c.url, c.secret, ${NOTIFICATION_COLUMNS}
             from notification_outbox o
             join notification_channels c on c.id = o.channel_id and c.enabled
             join rm_notifications n on n.id = o.notification_id
             ${NOTIFICATION_JOINS}
            where o.delivered_at is null and o.next_attempt_at <= now()
            order by o.next_attempt_at, o.position
            limit 1
            for update of o skip locked`,
        )
      ).rows;
      if (!row) {
        await client.query('rollback');
        return 'none';
      }
      const deliveryId = `${row.id}/${row.channel_id}`;
      const request = deliveryRequest(
        row.channel_kind,
        row.url,
        row.secret ? openSecret(row.channel_id, row.secret) : undefined,
        {
          deliveryId,
          notificationId: row.id,
          kind: row.kind,
          at: row.at.toISOString(),
          documentKind: row.document_kind,
          documentId: row.document_id,
          taskId: row.task_id,
          words: wordsOf(row),
        },
        Date.now(),
      );
      let status = 0;
      let problem: string | null = null;
      try {
        const answer = await send(request.url, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
        status = answer.status;
        const text = await answer.text();
        if (!accepted(row.channel_kind, status, text)) problem = `HTTP ${status}: ${text.slice(0, 200)}`;
      } catch (error) {
        problem = (error as Error).message.slice(0, 200);
      }
      if (problem === null) {
        await client.query(
          `update notification_outbox set delivered_at = now(), attempts = attempts + 1, last_status = $3, last_error = null
            where notification_id = $1 and channel_id = $2`,
          [row.id, row.channel_id, status],
        );
      } else {
        await client.query(
          `update notification_outbox set attempts = attempts + 1, last_status = $3, last_error = $4,
                  next_attempt_at = now() + make_interval(secs => $5)
            where notification_id = $1 and channel_id = $2`,
          [row.id, row.channel_id, status || null, problem, retryDelayMs(row.attempts) / 1000],
        );
      }
      await client.query('commit');
      return problem === null ? 'delivered' : 'failed';
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
