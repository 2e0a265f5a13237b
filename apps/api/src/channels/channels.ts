import { Command, Query } from '@nestjs/cqrs';
import type { ChannelKind } from '@ledger/notifications';
import type { Principal } from '../auth/principal';
import type { CreateChannelDto } from './dto';

/** A channel as the admin and auditors see it: the address without its key, the secret never. */
export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  url: string;
  unitId: string | null;
  kinds: string[] | null;
  enabled: boolean;
  hasSecret: boolean;
  createdAt: string;
  /** The outbox: delivered, waiting (first try or retry), and the last error of any waiting. */
  delivered: number;
  waiting: number;
  lastError: string | null;
}

export class ListChannels extends Query<ChannelView[]> {}

export class CreateChannel extends Command<ChannelView> {
  constructor(
    readonly admin: Principal,
    readonly input: CreateChannelDto,
  ) {
    super();
  }
}

export class DisableChannel extends Command<void> {
  constructor(
    readonly admin: Principal,
    readonly channelId: string,
  ) {
    super();
  }
}
