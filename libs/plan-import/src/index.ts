export { publishPlan } from './publish-plan';
export type { PublishResult } from './publish-plan';
