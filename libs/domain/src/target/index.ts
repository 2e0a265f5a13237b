export * from './calendar';
export * from './status';
export * from './events';
export * from './supervise';
export * from './dimensions';
