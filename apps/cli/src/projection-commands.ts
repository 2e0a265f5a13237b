import { createSupervisionProjector, rebuildSupervision, verifySupervision } from '@ledger/bootstrap';
import { SUPERVISION_PROJECTIONS, type VerifyResult } from '@ledger/read-models';
import { UsageError, type Command } from './command';

const projectionNames = SUPERVISION_PROJECTIONS.map((projection) => projection.name);

const projectionsRebuild: Command = {
  command: 'projections rebuild',
  usage: '[name]',
  summary: `rebuild read models from position 0 beside the live ones and switch (names: ${projectionNames.join(', ')})`,
  async run({ args, io, connect }) {
    if (args.length > 1) throw new UsageError(`unexpected argument "${args[1]}"`);
    const name = args[0];
    if (name !== undefined && !projectionNames.includes(name))
      throw new UsageError(`no projection "${name}" (known: ${projectionNames.join(', ')})`);
    const { storage, databaseUrl } = await connect();
    await createSupervisionProjector(databaseUrl, storage.dataSource, storage.store).catchUp();
    const result = await rebuildSupervision(storage.dataSource, storage.store, name ? [name] : [], (message) => io.stderr(`${message}\n`));
    const rate = result.ms > 0 ? Math.round((result.events / result.ms) * 1000) : result.events;
    io.stdout(
      `rebuilt ${result.projections.join(', ')} (${result.tables.join(', ')}): ${result.events} events in ${result.ms} ms (${rate} events/s), switched at position ${result.position}\n`,
    );
    return 0;
  },
};

const projectionsVerify: Command = {
  command: 'projections verify',
  usage: '',
  summary: 'rebuild every read model into a shadow and compare it row by row with the live tables',
  async run({ args, io, connect }) {
    if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
    const { storage, databaseUrl } = await connect();
    await createSupervisionProjector(databaseUrl, storage.dataSource, storage.store).catchUp();
    const result = await verifySupervision(storage.dataSource, storage.store);
    io.stdout(formatVerify(result));
    return result.identical ? 0 : 1;
  },
};

const projectionsStatus: Command = {
  command: 'projections status',
  usage: '',
  summary: 'where each projector stands in the log, and any projection stopped at an event it cannot apply',
  async run({ args, io, connect }) {
    if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
    const { storage } = await connect();
    const last = await storage.store.lastPosition();
    const checkpoints: { name: string; position: number; beat: number | null }[] = await storage.dataSource.query(
      `select c.name, c.position, extract(epoch from now() - h.beat_at)::int as beat
         from projection_checkpoints c left join projector_heartbeats h on h.name = c.name order by c.name`,
    );
    const failures: { projector: string; projection: string; position: number; event_type: string; event_id: string; error: string }[] =
      await storage.dataSource.query(`select * from projection_failures order by projector, projection`);
    io.stdout(`log at position ${last}\n`);
    for (const checkpoint of checkpoints) {
      const beat = checkpoint.beat === null ? 'never beat' : `last beat ${checkpoint.beat} s ago`;
      io.stdout(`projector ${checkpoint.name}: position ${checkpoint.position} (${last - checkpoint.position} behind), ${beat}\n`);
    }
    for (const failure of failures) {
      io.stdout(
        `STOPPED ${failure.projector}/${failure.projection} at position ${failure.position} (${failure.event_type} ${failure.event_id}): ${failure.error}\n`,
      );
    }
    if (failures.length > 0) {
      io.stdout('a stopped projection resumes after the cause is fixed and it is rebuilt: npm run cli -- projections rebuild <name>\n');
    }
    return failures.length > 0 ? 1 : 0;
  },
};

export const PROJECTION_COMMANDS: readonly Command[] = [projectionsStatus, projectionsRebuild, projectionsVerify];

export function formatVerify(result: VerifyResult): string {
  if (result.identical)
    return `identical (${result.tables.length} tables at position ${result.position}, ${result.events} events replayed)\n`;
  const lines = [`different at position ${result.position}:`];
  for (const table of result.tables) {
    if (table.missing === 0 && table.extra === 0) continue;
    lines.push(
      `  ${table.table}: live ${table.liveRows} rows, rebuilt ${table.rebuiltRows}; ${table.missing} only live, ${table.extra} only rebuilt`,
    );
    for (const row of table.onlyLive) lines.push(`    - live    ${JSON.stringify(row)}`);
    for (const row of table.onlyRebuilt) lines.push(`    + rebuilt ${JSON.stringify(row)}`);
  }
  return `${lines.join('\n')}\n`;
}
