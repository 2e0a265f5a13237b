import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { workerSinks } from '@ledger/observability';
import { writeWorkflowBundle } from '../../apps/worker/src/worker';

const folder = join(__dirname, '../fixtures/histories');
const histories = readdirSync(folder)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ workflowId: file.replace(/\.json$/, ''), history: JSON.parse(readFileSync(join(folder, file), 'utf8')) }));

/** What `npm run build` leaves for the worker: one file that runs the workflows without bundling at start. */
describe('the prebuilt workflow bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // A worker that traces loads the traced bundle; every other worker the plain one (apps/worker/src/worker.ts).
  it.each([
    { name: 'plain', traced: false },
    { name: 'traced', traced: true },
  ])('is written ($name) to a file that a worker loads by path and that replays every recorded history', async ({ traced }) => {
    const path = join(dir, `workflow-bundle-${traced}.js`);
    const bytes = await writeWorkflowBundle(path, { traced });
    expect(statSync(path).size).toBe(bytes);
    // The OpenTelemetry workflow interceptors only where they export anything.
    expect(readFileSync(path, 'utf8').includes('class OpenTelemetryInboundInterceptor')).toBe(traced);
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: path }, sinks: workerSinks() }, histories))
      results.push(result);
    expect(results.map((r) => [r.workflowId, r.error?.message ?? null])).toEqual(histories.map(({ workflowId }) => [workflowId, null]));
  });
});
