import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, stopLeftover, type Leftover } from './leftovers';

/**
 * A launcher killed with SIGKILL cannot stop its servers. This small detached process watches
 * the launcher and, once it is gone, stops what the pid files name, so nothing is left holding
 * ports and data. It needs the compiled output (dist/); from source it is not started, and the
 * next start stops leftovers instead (see stopLeftover).
 */
export function startOrphanGuard(parentPid: number, leftovers: readonly Leftover[]): boolean {
  const script = join(__dirname, 'orphan-guard.js');
  if (!existsSync(script)) return false;
  const guard = spawn(process.execPath, [script, String(parentPid), JSON.stringify(leftovers)], { detached: true, stdio: 'ignore' });
  guard.unref();
  return true;
}

async function guard(parentPid: number, leftovers: readonly Leftover[]): Promise<void> {
  while (isAlive(parentPid)) await new Promise((resolve) => setTimeout(resolve, 500));
  for (const leftover of leftovers) await stopLeftover(leftover).catch(() => undefined);
}

if (require.main === module) {
  void guard(Number(process.argv[2]), JSON.parse(process.argv[3] ?? '[]') as Leftover[]);
}
