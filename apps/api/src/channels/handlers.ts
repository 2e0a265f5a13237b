import { randomUUID } from 'node:crypto';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { recordSecurityEvent, sealTotpSecret } from '@ledger/accounts';
import type { ChannelKind } from '@ledger/notifications';
import { totpKeyOf } from '@ledger/config';
import { UnitRow } from '@ledger/read-models';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { CreateChannel, DisableChannel, ListChannels, type ChannelView } from './channels';

/** The address as shown: a robot's key sits in its query (…/send?key=…), so the query is never shown. */
export function maskedUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
}

const SELECT = `select c.id, c.name, c.kind, c.url, c.unit_id, c.kinds, c.enabled, c.secret is not null as has_secret, c.created_at,
    (select count(*)::int from notification_outbox o where o.channel_id = c.id and o.delivered_at is not null) as delivered,
    (select count(*)::int from notification_outbox o where o.channel_id = c.id and o.delivered_at is null) as waiting,
    (select o.last_error from notification_outbox o where o.channel_id = c.id and o.delivered_at is null and o.last_error is not null
      order by o.next_attempt_at desc limit 1) as last_error
  from notification_channels c`;

interface Row {
  id: string;
  name: string;
  kind: ChannelKind;
  url: string;
  unit_id: string | null;
  kinds: string[] | null;
  enabled: boolean;
  has_secret: boolean;
  created_at: Date;
  delivered: number;
  waiting: number;
  last_error: string | null;
}

const view = (row: Row): ChannelView => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  url: maskedUrl(row.url),
  unitId: row.unit_id,
  kinds: row.kinds,
  enabled: row.enabled,
  hasSecret: row.has_secret,
  createdAt: row.created_at.toISOString(),
  delivered: row.delivered,
  waiting: row.waiting,
  lastError: row.last_error,
});

@QueryHandler(ListChannels)
export class ListChannelsHandler implements IQueryHandler<ListChannels> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute(): Promise<ChannelView[]> {
    return (await this.runtime.pool.query<Row>(`${SELECT} order by c.created_at`)).rows.map(view);
  }
}

/**
 * A channel takes the notifications that come after it is added: it starts at the end of the log
 * (a new channel never floods a group with the past year).
 */
@CommandHandler(CreateChannel)
export class CreateChannelHandler implements ICommandHandler<CreateChannel> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ admin, input }: CreateChannel): Promise<ChannelView> {
    if (input.unitId !== undefined && !(await this.runtime.dataSource.getRepository(UnitRow).findOneBy({ id: input.unitId })))
      throw new Problem(400, 'Bad Request / 请求有误', `no unit ${input.unitId} / 单位不存在`, [
        { field: 'unitId', message: 'unknown unit / 单位不存在' },
      ]);
    const id = randomUUID();
    // The secret is sealed as second factors are (AES-256-GCM under TOTP_KEY), bound to the channel.
    const secret = input.secret === undefined ? null : sealTotpSecret(totpKeyOf(this.runtime.config), id, input.secret);
    await this.runtime.pool.query(
      `insert into notification_channels (id, name, kind, url, secret, unit_id, kinds, enqueued_through, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, (select coalesce(max(position), 0) from rm_notifications), $8)`,
      [
        id,
        input.name,
        input.kind,
        input.url,
        secret,
        input.unitId ?? null,
        input.kinds ? JSON.stringify(input.kinds) : null,
        admin.accountId,
      ],
    );
    await recordSecurityEvent(this.runtime.pool, {
      kind: 'channel_created',
      actorId: admin.accountId,
      detail: { channelId: id, kind: input.kind, url: maskedUrl(input.url) },
    });
    return view((await this.runtime.pool.query<Row>(`${SELECT} where c.id = $1`, [id])).rows[0]!);
  }
}

/** Stops a channel; what it delivered stays on record. */
@CommandHandler(DisableChannel)
export class DisableChannelHandler implements ICommandHandler<DisableChannel> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ admin, channelId }: DisableChannel): Promise<void> {
    const { rowCount } = await this.runtime.pool.query(`update notification_channels set enabled = false where id = $1`, [channelId]);
    if (!rowCount) throw new Problem(404, 'Not Found / 未找到', `no channel ${channelId} / 渠道不存在`);
    await recordSecurityEvent(this.runtime.pool, { kind: 'channel_disabled', actorId: admin.accountId, detail: { channelId } });
  }
}

export const CHANNEL_HANDLERS = [ListChannelsHandler, CreateChannelHandler, DisableChannelHandler];
