export * from './events';
export * from './state';
export * from './commands';
export { decideInstruction } from './decide';
