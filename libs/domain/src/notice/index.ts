export * from './events';
export * from './rules';
export * from './state';
export * from './commands';
export { decideNotice } from './decide';
export { endOfCstDay } from '../document-checks';
export { noticeActions, monthLabel, type TaskWatch, type NoticeAction } from './watch';
export * from './chain';
