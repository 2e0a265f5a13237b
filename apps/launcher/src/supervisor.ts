/** A server the launcher started and can start again (embedded PostgreSQL, the Temporal dev server). */
export interface Restartable {
  onUnexpectedExit(listener: (how: string) => void): void;
  restart(): Promise<void>;
}

export interface RestartPolicy {
  /** The wait before each attempt; when the last attempt fails too, the launcher gives up. */
  delaysMs: readonly number[];
  /** A restart that stays up this long forgives the crashes before it. */
  stableMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { delaysMs: [500, 1000, 2000, 4000, 8000, 15000], stableMs: 60_000 };

export interface Supervision {
  log(line: string): void;
  /** Whether the launcher is shutting down (an exit then is expected). */
  stopping(): boolean;
  /** Called once restarting is hopeless: the launcher stops the rest and exits non-zero. */
  giveUp(reason: string): void;
}

/**
 * Restarts `part` with backoff whenever it dies on its own. The services above it reconnect by
 * themselves (pools, the notifier and Temporal connections retry), so bringing the server back
 * is what heals the system; a server that will not come back ends the launcher with its name.
 */
export function superviseRestarts(name: string, part: Restartable, supervision: Supervision, policy = DEFAULT_RESTART_POLICY): void {
  let crashes = 0;
  let upSince = Date.now();
  let restarting = false;
  part.onUnexpectedExit((how) => {
    if (restarting || supervision.stopping()) return;
    restarting = true;
    if (Date.now() - upSince >= policy.stableMs) crashes = 0;
    supervision.log(`${name} ${how}: restarting it`);
    void (async () => {
      let lastError = '';
      while (!supervision.stopping()) {
        const delay = policy.delaysMs[crashes];
        if (delay === undefined) {
          supervision.giveUp(`${name} ${how} and did not start again (${policy.delaysMs.length} attempts): ${lastError}`);
          break;
        }
        crashes += 1;
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (supervision.stopping()) break;
        try {
          await part.restart();
          upSince = Date.now();
          supervision.log(`${name} restarted`);
          break;
        } catch (error) {
          lastError = firstLine(error);
          supervision.log(`restarting ${name} failed (attempt ${crashes} of ${policy.delaysMs.length}): ${lastError}`);
        }
      }
      restarting = false;
    })();
  });
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
