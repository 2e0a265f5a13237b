import { ArrayMaxSize, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { Optional } from '../http/optional';
import type { NotificationKind } from '@ledger/domain';
import { CHANNEL_KINDS, NOTIFICATION_KIND_LABELS, type ChannelKind } from '@ledger/notifications';

const KINDS = Object.keys(NOTIFICATION_KIND_LABELS);

/** A channel the admin adds: where reminders go, which ones, for whom. */
export class CreateChannelDto {
  @IsString() @Length(1, 64) name!: string;
  @IsIn(CHANNEL_KINDS, { message: `kind is one of ${CHANNEL_KINDS.join(', ')} / 渠道类型有误` }) kind!: ChannelKind;
  @IsString()
  @Length(1, 2000)
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'url must be an http(s) address / 地址须以 http:// 或 https:// 开头' })
  url!: string;
  /** Signs the generic webhook (HMAC-SHA256) or 钉钉's 加签; stored sealed, never shown again. */
  @Optional() @IsString() @Length(8, 256) secret?: string;
  /** Only what is addressed to this unit; absent, everything addressed to roles and units. */
  @Optional() @IsString() @Length(1, 64) unitId?: string;
  /** Only these kinds; absent, all of them. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(KINDS.length)
  @IsIn(KINDS, { each: true, message: 'kinds lists notification kinds / 通知类型有误' })
  kinds?: NotificationKind[];
}
