import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealTotpSecret } from '@ledger/accounts';
import { openStorage, type Storage } from '@ledger/bootstrap';
import type { UrgeEvent } from '@ledger/domain';
import { enqueueNotifications } from '@ledger/notifications';
import { createTestDatabase } from '../support/database';
import { eventually } from '../support/system';

const root = join(__dirname, '../..');
const SECRET = 'webhook-secret-for-tests';
const URGES = 12;

interface Received {
  deliveryId: string;
  signedOk: boolean;
  body: { id: string; title: string; text: string; kind: string };
}

/** A local HTTP receiver: answers the first request 500 (so a retry is seen), the rest 200 after a pause. */
function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  let first = true;
  const server = createServer((request: IncomingMessage, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      if (first) {
        first = false;
        response.writeHead(500).end('try again');
        return;
      }
      const timestamp = String(request.headers['x-ledger-timestamp']);
      const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${raw}`).digest('hex')}`;
      received.push({
        deliveryId: String(request.headers['x-ledger-delivery']),
        signedOk: request.headers['x-ledger-signature'] === expected,
        body: JSON.parse(raw),
      });
      setTimeout(() => response.writeHead(200).end('ok'), 150);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}/hook`, received });
    }),
  );
}

/** The projector as deployed (it runs the outbox sender too): its own process, started from the build. */
function startProjectorProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'dist/apps/projector/src/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('projector running')) resolve(child);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => reject(new Error(`projector exited with ${code ?? signal}:\n${output}`)));
  });
}

async function urge(storage: Storage, n: number): Promise<void> {
  const taskId = `hengyang-2025-P${String(n).padStart(2, '0')}`;
  const urgeId = `${taskId}-2025-06`;
  await storage.store.append<UrgeEvent>(`urge-${urgeId}`, 'no_stream', [
    {
      eventId: randomUUID(),
      type: 'TaskUrged',
      data: { urgeId, at: new Date().toISOString(), planId: 'hengyang-2025', taskId, period: '2025-06', unitIds: [`unit-${n % 3}`] },
      metadata: {
        actorId: 'coordinator',
        role: 'coordinator',
        unitId: null,
        correlationId: randomUUID(),
        causationId: null,
        workflowId: null,
        schemaVersion: 1,
      },
    },
  ]);
}

describe('notifications delivered to a webhook through the outbox', () => {
  let storage: Storage;
  let databaseUrl: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let projector: ChildProcess | undefined;
  const totpKey = randomBytes(32);

  beforeAll(() => {
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  });
  beforeAll(async () => {
    databaseUrl = await createTestDatabase('delivery');
    storage = await openStorage(databaseUrl);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    projector?.kill('SIGKILL');
    receiver?.server.close();
    await storage?.close();
  });

  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    DATABASE_URL: databaseUrl,
    LEDGER_MODE: 'demo',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ledger-delivery-')),
    TOTP_KEY: totpKey.toString('base64'),
    JWT_SECRET: randomBytes(32).toString('hex'),
  });
  const outbox = async () =>
    (await storage.pool.query(`select notification_id, delivered_at, attempts from notification_outbox order by position`)).rows;

  it('delivers every notification once to a receiver that drops repeats, across a kill -9 of the sender', async () => {
    // A channel added before the urges (it takes what comes after it): signed with its secret.
    const channelId = randomUUID();
    await storage.pool.query(
      `insert into notification_channels (id, name, kind, url, secret, enqueued_through) values ($1, '督办群', 'webhook', $2, $3, 0)`,
      [channelId, receiver.url, sealTotpSecret(totpKey, channelId, SECRET)],
    );
    for (let n = 1; n <= URGES; n += 1) await urge(storage, n);

    projector = await startProjectorProcess(env());
    await eventually(async () => (new Set(receiver.received.map((r) => r.deliveryId)).size >= 4 ? true : undefined), 30_000);
    projector.kill('SIGKILL');
    await new Promise((resolve) => projector!.once('exit', resolve));
    const beforeRestart = new Set(receiver.received.map((r) => r.deliveryId)).size;
    expect(beforeRestart).toBeLessThan(URGES);

    projector = await startProjectorProcess(env());
    const delivered = async () => {
      const rows = await outbox();
      return rows.length === URGES && rows.every((row) => row.delivered_at !== null) ? true : undefined;
    };
    await eventually(delivered, 60_000);
    projector.kill('SIGTERM');

    const rows = await outbox();
    expect(rows).toHaveLength(URGES); // one outbox row per notification and channel
    const ids = receiver.received.map((r) => r.deliveryId);
    expect(new Set(ids)).toEqual(new Set(rows.map((row) => `${row.notification_id}/${channelId}`)));
    // A repeat is at most the one request in flight when the sender died, under the same delivery id.
    expect(ids.length - new Set(ids).size).toBeLessThanOrEqual(1);
    expect(receiver.received.every((r) => r.signedOk && r.body.id === r.deliveryId)).toBe(true);
    expect(receiver.received[0]!.body).toMatchObject({ kind: 'task_urged', text: '2025年6月进展报告尚未报送，请尽快报送。' });
    // The receiver's first answer was a 500: that notification was retried and is delivered too.
    expect(rows.some((row) => row.attempts >= 2)).toBe(true);
  });

  it('gives a channel added later only what comes after it, and a unit’s channel only that unit’s', async () => {
    const later = randomUUID();
    const unitOnly = randomUUID();
    const through = `(select coalesce(max(position), 0) from rm_notifications)`;
    await storage.pool.query(
      `insert into notification_channels (id, name, kind, url, enqueued_through) values ($1, '新群', 'webhook', $2, ${through})`,
      [later, receiver.url],
    );
    await storage.pool.query(
      `insert into notification_channels (id, name, kind, url, unit_id, enqueued_through) values ($1, '单位群', 'wecom', $2, 'unit-1', ${through})`,
      [unitOnly, receiver.url],
    );
    expect(await enqueueNotifications(storage.pool, 'supervision')).toBe(0);
    await urge(storage, 13); // unit-1
    await urge(storage, 14); // unit-2
    // Nothing runs the projector now: apply the two urges, then enqueue.
    projector = await startProjectorProcess(env());
    const enqueued = async () => {
      const { rows } = await storage.pool.query(`select channel_id from notification_outbox where channel_id = any($1)`, [
        [later, unitOnly],
      ]);
      const count = (id: string) => rows.filter((row) => row.channel_id === id).length;
      return count(later) === 2 && count(unitOnly) === 1 ? true : undefined;
    };
    await eventually(enqueued, 30_000);
    projector.kill('SIGTERM');
  });
});
