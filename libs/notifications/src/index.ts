/**
 * Notifications beyond the event log: their words (rendered when read or delivered, never
 * stored) and their delivery to the channels a city configures, through an outbox.
 */
export { chinaTime } from './china-time';
export {
  NOTIFICATION_KIND_LABELS,
  renderNotification,
  type NotificationNames,
  type RenderedNotification,
  type StoredNotification,
} from './render';
export { NOTIFICATION_COLUMNS, NOTIFICATION_JOINS, wordsOf, type NotificationRow } from './rows';
export { accepted, CHANNEL_KINDS, deliveryRequest, type ChannelKind, type Delivery, type OutgoingRequest } from './formats';
export { DELIVERY_MIGRATIONS } from './schema';
export { enqueueNotifications, OutboxSender, retryDelayMs, type OutboxOptions } from './outbox';
