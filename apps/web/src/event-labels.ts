// The record's words are the domain's (one table for the console, the API and the exports).
export { eventLabel, eventWithPeriod, NOTICE_EVENT_LABELS as NOTICE_EVENT_LABEL } from '../../../libs/domain/src/event-labels';
