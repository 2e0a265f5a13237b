import { superviseRestarts, type Restartable, type Supervision } from './supervisor';

/** A server whose exits the test causes and whose restarts succeed or fail as told. */
function server(restartResults: Array<'ok' | 'fails'>) {
  const listeners: Array<(how: string) => void> = [];
  let restarts = 0;
  const part: Restartable = {
    onUnexpectedExit: (listener) => listeners.push(listener),
    restart: async () => {
      const result = restartResults[restarts++] ?? 'ok';
      if (result === 'fails') throw new Error('port in use\nmore detail');
    },
  };
  return { part, die: (how: string) => listeners.forEach((listener) => listener(how)), restarts: () => restarts };
}

function supervision() {
  const lines: string[] = [];
  let gaveUp: string | undefined;
  let stopping = false;
  const value: Supervision = { log: (line) => lines.push(line), stopping: () => stopping, giveUp: (reason) => (gaveUp = reason) };
  return { value, lines, gaveUp: () => gaveUp, stop: () => (stopping = true) };
}

const policy = { delaysMs: [1, 1, 1], stableMs: 60_000 };
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
/** Waits for the supervisor's asynchronous steps to reach a state: a fixed pause is too short on a loaded machine. */
async function until(reached: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!reached() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('superviseRestarts', () => {
  it('restarts a server that died, after failed attempts, and says so', async () => {
    const { part, die, restarts } = server(['fails', 'ok']);
    const watch = supervision();
    superviseRestarts('PostgreSQL', part, watch.value, policy);
    die('killed by SIGKILL');
    await until(() => watch.lines.length === 3);
    expect(restarts()).toBe(2);
    expect(watch.lines).toEqual([
      'PostgreSQL killed by SIGKILL: restarting it',
      'restarting PostgreSQL failed (attempt 1 of 3): port in use',
      'PostgreSQL restarted',
    ]);
    expect(watch.gaveUp()).toBeUndefined();
  });

  it('gives up naming the server when every attempt fails', async () => {
    const { part, die } = server(['fails', 'fails', 'fails']);
    const watch = supervision();
    superviseRestarts('Temporal dev server', part, watch.value, policy);
    die('exited with code 1');
    await until(() => watch.gaveUp() !== undefined);
    expect(watch.gaveUp()).toBe('Temporal dev server exited with code 1 and did not start again (3 attempts): port in use');
  });

  it('leaves a server alone that exits while the launcher stops', async () => {
    const { part, die, restarts } = server([]);
    const watch = supervision();
    superviseRestarts('PostgreSQL', part, watch.value, policy);
    watch.stop();
    die('killed by SIGINT');
    await settle();
    expect(restarts()).toBe(0);
    expect(watch.lines).toEqual([]);
  });

  it('counts crashes that come soon after a restart against the same budget', async () => {
    const { part, die, restarts } = server([]);
    const watch = supervision();
    superviseRestarts('PostgreSQL', part, watch.value, policy);
    for (let crash = 0; crash < 4; crash++) {
      die('killed by SIGKILL');
      await until(() => restarts() === Math.min(crash + 1, 3) && (crash < 3 || watch.gaveUp() !== undefined));
    }
    expect(restarts()).toBe(3);
    expect(watch.gaveUp()).toMatch(/^PostgreSQL killed by SIGKILL and did not start again/);
  });
});
