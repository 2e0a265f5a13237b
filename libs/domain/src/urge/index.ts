export * from './events';
export * from './state';
export * from './commands';
export { decideUrge, MAX_URGE_MESSAGE } from './decide';
export * from './chain';
