import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import { createSupervisionProjector, superviseFromStore } from '@ledger/bootstrap';
import type { PlanPublished } from '@ledger/domain';
import { WrongExpectedVersionError, type EventStore } from '@ledger/event-store';
import { DEFAULT_SEED, allTasks, loadCatalog } from '@ledger/plan-catalog';
import { latestPublishedPlan, planSheetRows, planWorkbook, publishPlan } from '@ledger/plan-import';
import { IndicatorRow, PlanRow, TaskProgressRow, TaskRow, UnitRow } from '@ledger/read-models';
import { CliError, UsageError, type Command, type CommandContext } from './command';
import type { Connection } from './storage';

/** The repository root, from the sources (apps/cli/src) or from the build (dist/apps/cli/src). */
const repoRoot = resolve(__dirname, '../../..').replace(/[\\/]dist$/, '');
const DEFAULT_UNITS_FILE = resolve(repoRoot, DEFAULT_SEED.unitsFile);

type StringOptions = Record<string, { type: 'string' }>;

/** Options as declared, positionals counted; anything else is a usage error. */
function parse<Options extends StringOptions>(args: string[], options: Options, positionals: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const missing = positionals.slice(parsed.positionals.length);
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(' ')}`);
  const extra = parsed.positionals.slice(positionals.length);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  return { values: parsed.values as { [K in keyof Options]?: string }, positionals: parsed.positionals };
}

const planImport: Command = {
  command: 'plan import',
  usage: '<file> [--units <file>]',
  summary: 'validate a plan YAML and publish it as the next plan version (no-op when unchanged)',
  async run({ args, io, connect }) {
    const { values, positionals } = parse(args, { units: { type: 'string' } }, ['<file>']);
    // Validate before connecting: a broken file is reported even when no database runs.
    const catalog = loadCatalog(positionals[0]!, values.units ?? DEFAULT_UNITS_FILE);
    const { storage } = await connect();
    try {
      const result = await publishPlan(storage.store, catalog);
      const tasks = allTasks(catalog.plan);
      const size = `${tasks.length} tasks, ${tasks.reduce((n, task) => n + task.indicators.length, 0)} indicators`;
      io.stdout(
        result.published
          ? `plan ${result.planId} version ${result.version}: published (${size})\n`
          : `plan ${result.planId} version ${result.version}: unchanged (the stored version has the same content; ${size})\n`,
      );
      const latest = await latestPublishedPlan(storage.store, result.planId);
      if (latest) await superviseImported(latest.data, storage.store, io);
      return 0;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new CliError(
          `plan ${catalog.plan.id}: another version was published while this one was being imported; run the import again`,
        );
      }
      throw error;
    }
  },
};

const planShow: Command = {
  command: 'plan show',
  usage: '<taskCode> [--plan <planId>]',
  summary: 'print a task: lead units, indicators with targets, signed-off progress',
  async run({ args, io, connect }) {
    const { values, positionals } = parse(args, { plan: { type: 'string' } }, ['<taskCode>']);
    const connection = await connect();
    await catchUpReadModels(connection);
    const { dataSource } = connection.storage;
    const plan = await choosePlan(dataSource, values.plan);
    const code = positionals[0]!.toUpperCase();
    const task = await dataSource.getRepository(TaskRow).findOneBy({ planId: plan.id, code });
    if (!task) throw new CliError(`plan ${plan.id} has no task ${positionals[0]}`);
    const [indicators, progress, units] = await Promise.all([
      dataSource.getRepository(IndicatorRow).find({ where: { taskId: task.id }, order: { sort: 'ASC' } }),
      dataSource.getRepository(TaskProgressRow).findBy({ taskId: task.id }),
      dataSource.getRepository(UnitRow).find(),
    ]);
    io.stdout(formatTask({ plan, task, indicators, progress, unitNames: new Map(units.map((unit) => [unit.code, unit.name])) }));
    return 0;
  },
};

const planExport: Command = {
  command: 'plan export',
  usage: '--xlsx <file> [--plan <planId>]',
  summary: 'write the latest published plan version as a spreadsheet',
  async run({ args, io, connect }) {
    const { values } = parse(args, { xlsx: { type: 'string' }, plan: { type: 'string' } }, []);
    if (!values.xlsx) throw new UsageError('missing --xlsx <file>');
    const connection = await connect();
    await catchUpReadModels(connection);
    const plan = await choosePlan(connection.storage.dataSource, values.plan);
    // The event itself, not the read models: it is the version exactly as published.
    const latest = await latestPublishedPlan(connection.storage.store, plan.id);
    if (!latest) throw new CliError(`plan ${plan.id} has no PlanPublished event`);
    const file = resolve(values.xlsx);
    await planWorkbook(latest.data).xlsx.writeFile(file);
    const rows = planSheetRows(latest.data).filter((row) => row.kind === 'indicator').length;
    io.stdout(
      `wrote ${file}: plan ${plan.id} version ${latest.data.version}, ${allTasks(latest.data.plan).length} tasks, ${rows} indicator rows\n`,
    );
    return 0;
  },
};

/**
 * Supervision follows the plan version in force: with a Temporal server named (TEMPORAL_ADDRESS),
 * the import starts or tells every task's supervision workflow now; otherwise every worker does
 * at its next start. An unreachable server does not undo the import, which is on record.
 */
async function superviseImported(published: PlanPublished, store: EventStore, io: CommandContext['io']): Promise<void> {
  const address = io.env.TEMPORAL_ADDRESS;
  if (io.env.SUPERVISION === 'off') return;
  if (!address) {
    io.stdout('supervision: every worker brings it to this version when it starts (TEMPORAL_ADDRESS is not set here)\n');
    return;
  }
  let connection: TemporalConnection | undefined;
  try {
    connection = await TemporalConnection.connect({ address, connectTimeout: '5 seconds' });
    const client = new Client({ connection, namespace: io.env.TEMPORAL_NAMESPACE ?? 'default' });
    const tasks = await superviseFromStore(client, store, published, io.env.TEMPORAL_TASK_QUEUE ?? 'ledger-reports');
    io.stdout(`supervision: ${tasks} tasks follow version ${published.version}\n`);
  } catch (error) {
    io.stderr(
      `supervision not reached at ${address} (${(error as Error).message}); every worker brings it to this version when it starts\n`,
    );
  } finally {
    await connection?.close();
  }
}

export const PLAN_COMMANDS: readonly Command[] = [planImport, planShow, planExport];

/**
 * Brings the read models up to the last stored event. Safe beside a running projector: batches
 * serialise on the checkpoint row, and each event is applied once whoever applies it.
 */
async function catchUpReadModels({ storage, databaseUrl }: Connection): Promise<void> {
  await createSupervisionProjector(databaseUrl, storage.dataSource, storage.store).catchUp();
}

/** The plan asked for, or the only one published. */
async function choosePlan(dataSource: DataSource, requested: string | undefined): Promise<PlanRow> {
  const plans = await dataSource.getRepository(PlanRow).find({ order: { id: 'ASC' } });
  const ids = plans.map((plan) => plan.id).join(', ');
  if (requested !== undefined) {
    const plan = plans.find((candidate) => candidate.id === requested);
    if (!plan) throw new CliError(`no published plan "${requested}" (published: ${ids || 'none'})`);
    return plan;
  }
  if (plans.length === 0) throw new CliError('no plan is published yet: import one with `npm run cli -- plan import <file>`');
  if (plans.length > 1) throw new CliError(`${plans.length} plans are published (${ids}): choose one with --plan <planId>`);
  return plans[0]!;
}

interface TaskDetails {
  plan: PlanRow;
  task: TaskRow;
  indicators: IndicatorRow[];
  progress: TaskProgressRow[];
  unitNames: Map<string, string>;
}

/** The text `plan show` prints. */
function formatTask({ plan, task, indicators, progress, unitNames }: TaskDetails): string {
  const nameOf = (code: string) => unitNames.get(code) ?? code;
  const lines = [
    `${task.code} ${task.title}`,
    `  plan:       ${plan.id} version ${plan.version} (${plan.city}${plan.title})`,
    `  under:      ${task.section} / ${task.category}`,
    `  lead units: ${task.leadUnits.map(nameOf).join('、')}`,
    `  indicators:`,
  ];
  for (const indicator of indicators) {
    const target =
      indicator.target !== null
        ? `${indicator.comparator} ${indicator.target}${indicator.unit ? ` ${indicator.unit}` : ''}`
        : indicator.kind === 'milestone'
          ? 'done or not done'
          : 'no numeric target';
    const owner = indicator.ownerUnit && task.leadUnits.length > 1 ? `  (owned by ${nameOf(indicator.ownerUnit)})` : '';
    lines.push(`    ${indicator.indicatorId}  ${indicator.name}  ${indicator.kind}  ${target}${owner}`);
    const signed = progress.find((row) => row.indicatorId === indicator.indicatorId);
    if (signed) {
      lines.push(
        `        signed off for ${signed.period}: ${signed.value}${indicator.unit ? ` ${indicator.unit}` : ''} (${signed.percent} % of target)`,
      );
    }
  }
  if (progress.length === 0) lines.push('  no signed-off progress yet');
  return `${lines.join('\n')}\n`;
}
