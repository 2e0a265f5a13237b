export * from './events';
export * from './state';
export * from './commands';
export { decideBulletin } from './decide';
export * from './chain';
