export * from './events';
export * from './state';
export * from './commands';
export { decideInstruction } from './decide';
export * from './chain';
