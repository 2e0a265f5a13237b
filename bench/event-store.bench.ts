import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumbo } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import type { Pool } from 'pg';
import { PostgresEventStore, type NewEvent } from '@ledger/event-store';
import { createPool } from '@ledger/postgres';
import { ensureDatabase, freePort, startEmbeddedPostgres } from '@ledger/runtime';

/**
 * `npm run bench:event-store` — our PostgreSQL adapter against Emmett's PostgreSQL event store
 * and against plain INSERT/SELECT of the same rows (the floor), on one embedded PostgreSQL
 * started here, each in a database of its own. Prints a Markdown table for docs/performance.md.
 *
 * BENCH_EVENTS: size of the log read back (default 1,000,000); BENCH_APPENDS scales the append
 * workloads (default 1); BENCH_READ_SECONDS caps each contender's readAll (default 120).
 * `BENCH_EVENTS=50000 npm run bench:event-store` is a quick run.
 */
const LOG_SIZE = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const APPEND_SCALE = Number(process.env.BENCH_APPENDS ?? 1);
/**
 * A contender's readAll stops after this many seconds and is rated on what it read by then.
 * Emmett's global read slows down as the log grows (each batch sorts the rest of the log), so
 * reading 1M events takes tens of minutes; its rate over the first part flatters it.
 */
const READ_SECONDS = Number(process.env.BENCH_READ_SECONDS ?? 120);
const READ_BATCH = 1000;
const FILL_BATCH = 500;

interface Workload {
  name: string;
  writers: number;
  eventsPerAppend: number;
  appendsPerWriter: number;
  goal?: number;
}

const APPEND_WORKLOADS: Workload[] = [
  { name: 'append, 1 event, 1 writer', writers: 1, eventsPerAppend: 1, appendsPerWriter: scaled(2000) },
  { name: 'append, 1 event, 16 writers', writers: 16, eventsPerAppend: 1, appendsPerWriter: scaled(500), goal: 1500 },
  { name: 'append, 100 events, 1 writer', writers: 1, eventsPerAppend: 100, appendsPerWriter: scaled(200), goal: 8000 },
  { name: 'append, 100 events, 16 writers', writers: 16, eventsPerAppend: 100, appendsPerWriter: scaled(40), goal: 8000 },
];

/** One contender: how it appends to a stream (tracking the stream's version) and reads the log. */
interface Contender {
  append(streamId: string, version: number, events: NewEvent[]): Promise<void>;
  readAll(after: number, limit: number): Promise<{ count: number; last: number }>;
  /** VACUUM ANALYZE of its tables, as autovacuum does to a log that has stood for a while. */
  vacuum(): Promise<void>;
  close(): Promise<void>;
}

interface Line {
  workload: string;
  ours: number;
  emmett?: number;
  plain: number;
  goal?: number;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-pg-'));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, database: 'bench' });
  const urlOf = async (database: string) => {
    const url = new URL(server.url);
    url.pathname = `/${database}`;
    await ensureDatabase(url.toString());
    return url.toString();
  };
  const started = new Date();
  const lines: Line[] = [];
  const notes: string[] = [];
  const open: Contender[] = [];
  try {
    const ours = await oursContender(await urlOf('bench_ours'));
    open.push(ours.contender);
    const emmett = await emmettContender(await urlOf('bench_emmett'));
    open.push(emmett);
    const plain = await plainContender(await urlOf('bench_plain'));
    open.push(plain);

    for (const workload of APPEND_WORKLOADS) {
      const line: Line = { workload: workload.name, goal: workload.goal, ours: 0, plain: 0 };
      line.ours = await appendRate(ours.contender, workload);
      line.emmett = await appendRate(emmett, workload);
      line.plain = await appendRate(plain, workload);
      lines.push(line);
      log(line);
    }

    for (const [name, contender] of [
      ['ours', ours.contender],
      ['emmett', emmett],
      ['plain', plain],
    ] as const) {
      process.stderr.write(`filling ${name} to ${LOG_SIZE} events…\n`);
      await fillTo(contender, LOG_SIZE);
      // The first read of freshly written rows sets their hint bits (with data checksums, the
      // PostgreSQL 18 default, writing each page again): a one-off cost of the fill, not of reading.
      await contender.vacuum();
    }
    // Nor may the fill's dirty pages be written out while the reads are timed.
    const admin = createPool(server.url, 1);
    await admin.query('checkpoint').finally(() => admin.end());
    const readLine: Line = {
      workload: `readAll, ${LOG_SIZE.toLocaleString('en')} events, batches of ${READ_BATCH}`,
      goal: 50_000,
      ours: 0,
      plain: 0,
    };
    const reads = {
      ours: await readRate(ours.contender, LOG_SIZE),
      emmett: await readRate(emmett, LOG_SIZE),
      plain: await readRate(plain, LOG_SIZE),
    };
    readLine.ours = reads.ours.rate;
    readLine.emmett = reads.emmett.rate;
    readLine.plain = reads.plain.rate;
    notes.push(
      ...Object.entries(reads)
        .filter(([, read]) => read.events < LOG_SIZE)
        .map(([name, read]) =>
          read.ended === 'cap'
            ? `readAll, ${name}: stopped at its ${READ_SECONDS} s cap, rated on the first ${read.events.toLocaleString('en')} events.`
            : `readAll, ${name}: its read ended after ${read.events.toLocaleString('en')} events, ` +
              `${(LOG_SIZE - read.events).toLocaleString('en')} short of the log (a batch came back empty before the end), in ${read.seconds.toFixed(0)} s.`,
        ),
    );
    lines.push(readLine);
    log(readLine);

    const verifyStart = performance.now();
    const verified = await ours.store.verify();
    const verifySeconds = (performance.now() - verifyStart) / 1000;
    if (!verified.ok || verified.checked < LOG_SIZE) throw new Error(`verify failed: ${JSON.stringify(verified)}`);
    // Emmett keeps no hash chain; the floor is reading the same rows without hashing them.
    const verifyLine: Line = {
      workload: `verify, ${verified.checked.toLocaleString('en')} events`,
      goal: 100_000,
      ours: verified.checked / verifySeconds,
      plain: readLine.plain,
    };
    lines.push(verifyLine);
    log(verifyLine);
  } finally {
    // Every pool ends before the server stops, or its idle connections' errors would crash us.
    await Promise.all(open.map((contender) => contender.close().catch(() => undefined)));
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(table(lines, started));
  if (notes.length > 0) console.log(`\n${notes.join('\n')}`);
}

async function oursContender(url: string): Promise<{ store: PostgresEventStore; contender: Contender }> {
  const pool = createPool(url, 20);
  const store = new PostgresEventStore(pool);
  await store.migrate();
  return {
    store,
    contender: {
      append: async (streamId, version, events) => void (await store.append(streamId, version === 0 ? 'no_stream' : version, events)),
      readAll: async (after, limit) => {
        const events = await store.readAll(after, limit);
        return { count: events.length, last: events[events.length - 1]?.position ?? after };
      },
      vacuum: async () => void (await pool.query('vacuum analyze events')),
      close: () => pool.end(),
    },
  };
}

async function emmettContender(url: string): Promise<Contender> {
  const store = getPostgreSQLEventStore(url);
  await store.schema.migrate();
  const reader = dumbo({ connectionString: url });
  return {
    append: async (streamId, version, events) => {
      await store.appendToStream(
        streamId,
        events.map((event) => ({
          type: event.type,
          data: event.data as Record<string, unknown>,
          metadata: event.metadata as unknown as Record<string, unknown>,
        })),
        { expectedStreamVersion: BigInt(version) },
      );
    },
    readAll: async (after, limit) => {
      const batch = await readMessagesBatch(reader.execute, { after: BigInt(after), batchSize: limit });
      const last = batch.messages[batch.messages.length - 1]?.metadata.globalPosition;
      return { count: batch.messages.length, last: last === undefined ? after : Number(last) };
    },
    vacuum: async () => {
      const admin = createPool(url, 1);
      await admin.query('vacuum analyze emt_messages, emt_streams').finally(() => admin.end());
    },
    close: async () => {
      await store.close();
      await reader.close();
    },
  };
}

/**
 * The floor: the same rows (payload as json, as ours stores it), one INSERT per append (its own
 * transaction), no checks, no chain.
 */
async function plainContender(url: string): Promise<Contender> {
  const pool: Pool = createPool(url, 20);
  await pool.query(`create table if not exists plain_events (
    position bigserial primary key, stream_id text not null, version integer not null, event_id uuid not null,
    type text not null, data json not null, metadata json not null, recorded_at timestamptz not null default now())`);
  return {
    append: async (streamId, version, events) => {
      const values = events.map((_, i) => `($1, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5}, $${i * 5 + 6})`);
      const params: unknown[] = [streamId];
      events.forEach((event, i) =>
        params.push(version + i + 1, event.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)),
      );
      await pool.query(`insert into plain_events (stream_id, version, event_id, type, data, metadata) values ${values.join(',')}`, params);
    },
    readAll: async (after, limit) => {
      const result = await pool.query<{ position: number }>('select * from plain_events where position > $1 order by position limit $2', [
        after,
        limit,
      ]);
      return { count: result.rows.length, last: result.rows[result.rows.length - 1]?.position ?? after };
    },
    vacuum: async () => void (await pool.query('vacuum analyze plain_events')),
    close: () => pool.end(),
  };
}

/** Events per second: `writers` loops, each appending to its own streams with expected versions. */
async function appendRate(contender: Contender, workload: Workload): Promise<number> {
  const run = randomUUID().slice(0, 8);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workload.writers }, async (_, writer) => {
      const versions = new Map<string, number>();
      for (let n = 0; n < workload.appendsPerWriter; n += 1) {
        const streamId = `report-${run}-${writer}-${n % 10}`;
        const version = versions.get(streamId) ?? 0;
        await contender.append(streamId, version, events(streamId, version, workload.eventsPerAppend));
        versions.set(streamId, version + workload.eventsPerAppend);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return (workload.writers * workload.appendsPerWriter * workload.eventsPerAppend) / seconds;
}

async function fillTo(contender: Contender, size: number): Promise<void> {
  let stored = 0;
  for (let after = 0; ;) {
    const batch = await contender.readAll(after, 100_000);
    if (batch.count === 0) break;
    stored += batch.count;
    after = batch.last;
  }
  const missing = Math.max(0, size - stored);
  const appends = Math.ceil(missing / FILL_BATCH);
  const writers = 16;
  let next = 0;
  const run = randomUUID().slice(0, 8);
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let n = next++; n < appends; n = next++) {
        const count = Math.min(FILL_BATCH, missing - n * FILL_BATCH);
        await contender.append(`fill-${run}-${n}`, 0, events(`fill-${run}-${n}`, 0, count));
      }
    }),
  );
}

/**
 * Reads the whole log in batches. Says how the read ended: the whole log read, the time cap
 * reached, or an empty batch before the log's end (the contender's read believes the log ended:
 * events it does not return).
 */
async function readRate(
  contender: Contender,
  size: number,
): Promise<{ rate: number; events: number; seconds: number; ended: 'complete' | 'cap' | 'short' }> {
  const started = performance.now();
  const deadline = started + READ_SECONDS * 1000;
  let read = 0;
  let ended: 'complete' | 'cap' | 'short' = 'complete';
  for (let after = 0; read < size;) {
    if (performance.now() >= deadline) {
      ended = 'cap';
      break;
    }
    const batch = await contender.readAll(after, READ_BATCH);
    if (batch.count === 0) {
      ended = 'short';
      break;
    }
    read += batch.count;
    after = batch.last;
  }
  const seconds = (performance.now() - started) / 1000;
  return { rate: read / seconds, events: read, seconds, ended };
}

/** Events shaped like a progress report: two indicator values, a narrative, full metadata. */
function events(streamId: string, version: number, count: number): NewEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    eventId: randomUUID(),
    type: 'ReportSubmitted',
    data: {
      reportId: streamId,
      taskId: 'hengyang-2025-P01',
      period: '2025-06',
      revision: version + i + 1,
      values: [
        { indicatorId: 'P01-1', value: 20000 + i },
        { indicatorId: 'P01-2', value: 140 },
      ],
      narrative: '已完成过半，考室数量已与台账核对一致。',
    },
    metadata: {
      actorId: 'user-edu-01',
      role: 'submitter',
      unitId: 'edu',
      correlationId: streamId,
      causationId: null,
      workflowId: streamId,
      schemaVersion: 1,
    },
  }));
}

function table(lines: Line[], started: Date): string {
  const rate = (value: number | undefined) => (value === undefined ? 'n/a' : Math.round(value).toLocaleString('en'));
  const ratio = (a: number, b: number | undefined) => (b === undefined ? 'n/a' : (a / b).toFixed(2));
  const rows = lines.map(
    (line) =>
      `| ${line.workload} | ${rate(line.ours)} | ${rate(line.emmett)} | ${rate(line.plain)} | ${ratio(line.ours, line.emmett)} | ${ratio(line.ours, line.plain)} | ${
        line.goal === undefined ? '' : `≥ ${line.goal.toLocaleString('en')} ${line.ours >= line.goal ? '✓' : '✗'}`
      } |`,
  );
  return [
    `Run ${started.toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, BENCH_EVENTS=${LOG_SIZE}, BENCH_APPENDS=${APPEND_SCALE}`,
    '',
    '| workload (events/s) | ours | Emmett 0.42 | plain INSERT/SELECT | ours/Emmett | ours/plain | goal |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}

function log(line: Line): void {
  process.stderr.write(
    `${line.workload}: ours ${Math.round(line.ours)}, emmett ${Math.round(line.emmett ?? 0)}, plain ${Math.round(line.plain)}\n`,
  );
}

function scaled(appends: number): number {
  return Math.max(1, Math.round(appends * APPEND_SCALE));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
