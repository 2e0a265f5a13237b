import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { workerSinks } from '@ledger/observability';
import { bundleWorkflows, workflowBundle } from '../../apps/worker/src/worker';

// Histories exported from the running system (`temporal workflow show --output json`): every
// workflow change must still replay them, or be guarded with patched().
const folder = join(__dirname, '../fixtures/histories');
const histories = readdirSync(folder)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ workflowId: file.replace(/\.json$/, ''), history: JSON.parse(readFileSync(join(folder, file), 'utf8')) }));

describe('workflow replay', () => {
  it('has a recorded history of each workflow type', () => {
    const types = histories.map(({ history }) => history.events[0].workflowExecutionStartedEventAttributes.workflowType.name);
    expect(new Set(types)).toEqual(
      new Set([
        'reportWorkflow',
        'targetWorkflow',
        'noticeWorkflow',
        'urgeWorkflow',
        'extensionWorkflow',
        'instructionWorkflow',
        'bulletinWorkflow',
      ]),
    );
  });

  it('replays every recorded history with the current workflows', async () => {
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle(), sinks: workerSinks() }, histories))
      results.push(result);
    expect(results.map((r) => [r.workflowId, r.error?.message ?? null])).toEqual(histories.map(({ workflowId }) => [workflowId, null]));
    // Bundling (the OpenTelemetry interceptors included) and 13 replays take over 100 s on a loaded machine.
  }, 600_000);

  it('fails to replay a report history when the workflow changes without a patch', async () => {
    const report = histories.find(
      ({ history }) => history.events[0].workflowExecutionStartedEventAttributes.workflowType.name === 'reportWorkflow',
    )!;
    const changed = await bundleWorkflows(join(__dirname, '../fixtures/nondeterministic/index.ts'));
    await expect(Worker.runReplayHistory({ workflowBundle: changed }, report.history, report.workflowId)).rejects.toBeInstanceOf(
      DeterminismViolationError,
    );
  });
});
