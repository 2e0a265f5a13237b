import type { Pool } from 'pg';
import { openTotpSecret } from '@ledger/accounts';
import { totpKeyOf, type LedgerConfig } from '@ledger/config';
import { OutboxSender } from '@ledger/notifications';
import { SUPERVISION_CHECKPOINT } from './supervision-projector';

/**
 * The sender of the notification outbox, beside the supervision projector whose notifications it
 * delivers. Several may run (one per projector process): each row is locked while it is sent.
 */
export function createOutboxSender(
  pool: Pool,
  config: Pick<LedgerConfig, 'mode' | 'dataDir' | 'totpKey'>,
  log?: (m: string) => void,
): OutboxSender {
  const key = totpKeyOf(config);
  return new OutboxSender({
    pool,
    checkpointName: SUPERVISION_CHECKPOINT,
    openSecret: (channelId, sealed) => openTotpSecret(key, channelId, sealed),
    ...(log ? { log } : {}),
  });
}
