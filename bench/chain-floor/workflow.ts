import { allHandlersFinished, condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

/** The floor's one activity: one INSERT of the step, as the project's append is one transaction. */
export interface FloorActivities {
  recordStep(input: { chainId: string; step: number; what: string }): Promise<void>;
}

const { recordStep } = proxyActivities<FloorActivities>({ startToCloseTimeout: '30 seconds' });

export const floorSubmit = defineUpdate<number, [string]>('submit');
export const floorApprove = defineUpdate<number, [string]>('approve');

/**
 * The bare Temporal floor of a report's chain (bench/chain.bench.ts): started by
 * update-with-start, then two more Updates; each Update has a validator and records its step
 * with one INSERT activity before it answers. Nothing else: no event store, no other workflow.
 */
export async function chainFloorWorkflow(chainId: string): Promise<number> {
  let step = 0;
  const validator = (accepts: (step: number) => boolean) => (by: string) => {
    if (!accepts(step) || by.length === 0) throw new Error(`step ${step} does not take this`);
  };
  setHandler(
    floorSubmit,
    async (by) => {
      step = 1;
      await recordStep({ chainId, step, what: `submitted by ${by}` });
      return step;
    },
    { validator: validator((at) => at === 0) },
  );
  setHandler(
    floorApprove,
    async (by) => {
      step += 1;
      await recordStep({ chainId, step, what: `approved by ${by}` });
      return step;
    },
    { validator: validator((at) => at === 1 || at === 2) },
  );
  await condition(() => step === 3 && allHandlersFinished());
  return step;
}
