export { migrate, inTransaction } from './migrations';
export type { Migration } from './migrations';
export { createPool } from './pool';
