import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Servers a launcher started outlive it when it is killed with SIGKILL (nothing runs on the way
 * out), and then hold the port and the data folder of the next start. Each server leaves its
 * process id in a file in the data folder; the next start (or the launcher's guard) reads it and
 * stops what is still running there, after checking the command line, so a recycled pid that
 * now belongs to someone else is left alone.
 */
export interface Leftover {
  /** Who it is, for the log: "PostgreSQL". */
  name: string;
  pidFile: string;
  /** A word the command line of the process must contain ("postgres", "temporal"). */
  marker: string;
  /** The signal for an orderly stop (PostgreSQL: SIGINT, its fast shutdown). */
  signal: NodeJS.Signals;
}

/** The process id on the first line of a pid file, if the file is there and readable. */
export function readPidFile(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  const pid = Number.parseInt(readFileSync(path, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function writePidFile(path: string, pid: number | undefined): void {
  if (pid) writeFileSync(path, `${pid}\n`);
}

export function removePidFile(path: string): void {
  rmSync(path, { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops the process named in `leftover.pidFile` if it still runs and is what the file says it
 * is: the orderly signal, then SIGKILL after `graceMs`. Resolves with the pid stopped, if any.
 */
export async function stopLeftover(leftover: Leftover, graceMs = 15_000, log?: (line: string) => void): Promise<number | undefined> {
  const pid = readPidFile(leftover.pidFile);
  if (!pid || pid === process.pid || !isAlive(pid) || !commandLine(pid).includes(leftover.marker)) return undefined;
  log?.(`${leftover.name} from an earlier start still runs (pid ${pid}): stopping it`);
  signal(pid, leftover.signal);
  if (!(await exited(pid, graceMs))) {
    signal(pid, 'SIGKILL');
    await exited(pid, 5_000);
  }
  return pid;
}

/** Resolves true once `pid` is gone, false after `timeoutMs`. */
export async function exited(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone meanwhile
  }
}

/** The command line of a process: /proc on Linux, ps elsewhere; '' when unknown. */
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return ps.status === 0 ? ps.stdout : '';
  }
}
