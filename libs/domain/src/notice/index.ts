export * from './events';
export * from './rules';
export * from './state';
export * from './commands';
export { decideNotice, endOfCstDay } from './decide';
export { noticeActions, monthLabel, type TaskWatch, type NoticeAction } from './watch';
