import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/**
 * Records a workflow's history into tests/fixtures/histories/<name>.json (the JSON of
 * `temporal workflow show --output json`), for workflow-replay.test.ts to replay, when the run is
 * asked to: `RECORD_HISTORIES=1 npx jest tests/integration/<suite>`. Otherwise does nothing.
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await handle.fetchHistory();
  writeFileSync(
    join(__dirname, '../fixtures/histories', `${name}.json`),
    `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 2)}\n`,
  );
}
