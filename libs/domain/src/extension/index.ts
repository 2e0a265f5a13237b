export * from './events';
export * from './state';
export * from './commands';
export { decideExtension } from './decide';
export * from './chain';
export * from './deadline';
