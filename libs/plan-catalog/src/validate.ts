import { CatalogError } from './errors';
import type {
  ApprovalChain,
  Catalog,
  ChainStage,
  Category,
  Comparator,
  DocumentChains,
  DocumentChainStage,
  DocumentKind,
  DocumentKindActions,
  Indicator,
  IndicatorKind,
  Plan,
  Section,
  StageAction,
  Task,
  TaskForce,
  TaskForceRole,
  Unit,
  PlanNoticeRules,
} from './types';
import { isUnitOfMeasure } from './units-of-measure';

export const INDICATOR_KINDS: readonly IndicatorKind[] = Object.freeze([
  'cumulative',
  'rate',
  'standard',
  'decrease',
  'milestone',
  'qualitative',
] as IndicatorKind[]);

/** Kinds that carry a numeric target and a unit of measure. */
export const QUANTITATIVE_KINDS: readonly IndicatorKind[] = Object.freeze([
  'cumulative',
  'rate',
  'standard',
  'decrease',
] as IndicatorKind[]);

export const COMPARATORS: readonly Comparator[] = Object.freeze(['>=', '>', '<=', '='] as Comparator[]);

export const UNIT_CODE_PATTERN = /^[a-z][a-z0-9-]{1,30}$/;
const PLAN_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const TASK_CODE_PATTERN = /^[A-Za-z][A-Za-z0-9]*$/;

type Raw = Record<string, unknown>;

/** Where a value sits: the file, and the task when inside one. Fields are paths relative to the task. */
class Place {
  constructor(
    readonly file: string,
    readonly taskCode?: string,
    readonly indicatorId?: string,
  ) {}

  inTask(taskCode: string): Place {
    return new Place(this.file, taskCode);
  }

  inIndicator(indicatorId: string | undefined): Place {
    return new Place(this.file, this.taskCode, indicatorId);
  }

  fail(field: string | undefined, detail: string): never {
    throw new CatalogError(
      {
        file: this.file,
        ...(this.taskCode !== undefined ? { taskCode: this.taskCode } : {}),
        ...(this.indicatorId !== undefined ? { indicatorId: this.indicatorId } : {}),
        ...(field !== undefined ? { field } : {}),
      },
      detail,
    );
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : String(value);
}

function object(place: Place, field: string | undefined, value: unknown, keys: readonly string[]): Raw {
  const raw = mapping(place, field, value);
  checkKeys(place, field, raw, keys);
  return raw;
}

function mapping(place: Place, field: string | undefined, value: unknown): Raw {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    place.fail(field, `must be a mapping, got ${describe(value)}`);
  }
  return value as Raw;
}

/** Unknown keys are errors: a misspelt key (leadUnit) must not silently drop data. */
function checkKeys(place: Place, field: string | undefined, raw: Raw, keys: readonly string[]): void {
  for (const key of Object.keys(raw)) {
    if (!keys.includes(key)) {
      place.fail(join(field, key), `unknown key "${key}" (allowed: ${keys.join(', ')})`);
    }
  }
}

function join(parent: string | undefined, child: string): string {
  return parent === undefined || parent === '' ? child : `${parent}.${child}`;
}

function list(place: Place, field: string, value: unknown, nonEmpty: boolean): unknown[] {
  if (!Array.isArray(value)) place.fail(field, `must be a list, got ${describe(value)}`);
  if (nonEmpty && value.length === 0) place.fail(field, 'must not be empty');
  return value;
}

function text(place: Place, field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    place.fail(field, `must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

function integer(place: Place, field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    place.fail(field, `must be an integer, got ${describe(value)}`);
  }
  if (value < min || value > max) place.fail(field, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

// ───────────────────────────── units ─────────────────────────────

export function readUnits(file: string, doc: unknown): Unit[] {
  const place: Place = new Place(file);
  const root = object(place, undefined, doc, ['units']);
  const rawUnits = list(place, 'units', root['units'], true);
  const codes = new Map<string, number>();
  const spellings = new Map<string, string>(); // spelling → unit code
  const units: Unit[] = [];

  rawUnits.forEach((value, i) => {
    const at = `units[${i}]`;
    const raw = object(place, at, value, ['code', 'name', 'aliases']);
    const code = text(place, `${at}.code`, raw['code']);
    if (!UNIT_CODE_PATTERN.test(code)) {
      place.fail(`${at}.code`, `unit code ${JSON.stringify(code)} must match ${UNIT_CODE_PATTERN}`);
    }
    const first = codes.get(code);
    if (first !== undefined) place.fail(`${at}.code`, `duplicate unit code "${code}" (also units[${first}])`);
    codes.set(code, i);

    const name = text(place, `${at}.name`, raw['name']);
    const aliases = list(place, `${at}.aliases`, raw['aliases'], false).map((alias, j) => text(place, `${at}.aliases[${j}]`, alias));

    const own = new Set<string>();
    const claim = (spelling: string, field: string, isName: boolean): void => {
      const owner = spellings.get(spelling);
      if (owner !== undefined && owner !== code) {
        place.fail(field, `duplicate unit alias "${spelling}": already a spelling of unit "${owner}"`);
      }
      if (!isName && own.has(spelling)) place.fail(field, `duplicate unit alias "${spelling}" within unit "${code}"`);
      if (!isName) own.add(spelling);
      spellings.set(spelling, code);
    };
    claim(name, `${at}.name`, true);
    aliases.forEach((alias, j) => claim(alias, `${at}.aliases[${j}]`, false));

    units.push({ code, name, aliases });
  });
  return units;
}

// ───────────────────────────── plan ─────────────────────────────

interface PlanContext {
  unitCodes: ReadonlySet<string>;
  taskCodes: Set<string>;
  indicatorIds: Map<string, string>; // indicator id → task code
}

export function readPlan(file: string, doc: unknown, units: readonly Unit[]): { plan: Plan; taskForce: TaskForce } {
  const place: Place = new Place(file);
  const root = object(place, undefined, doc, [
    'id',
    'city',
    'year',
    'title',
    'calendar',
    'approvalChain',
    'noticeRules',
    'documentChains',
    'sections',
    'taskForce',
  ]);
  const id = text(place, 'id', root['id']);
  if (!PLAN_ID_PATTERN.test(id)) place.fail('id', `plan id ${JSON.stringify(id)} must match ${PLAN_ID_PATTERN}`);
  const city = text(place, 'city', root['city']);
  const year = integer(place, 'year', root['year'], 1900, 2999);
  const title = text(place, 'title', root['title']);

  const rawCalendar = object(place, 'calendar', root['calendar'], ['period', 'deadlineDay']);
  if (rawCalendar['period'] !== 'monthly') {
    place.fail('calendar.period', `must be "monthly", got ${describe(rawCalendar['period'])}`);
  }
  // 28 so that every month has the day.
  const deadlineDay = integer(place, 'calendar.deadlineDay', rawCalendar['deadlineDay'], 1, 28);
  const approvalChain = readApprovalChain(place, 'approvalChain', root['approvalChain']);
  const noticeRules = root['noticeRules'] === undefined ? undefined : readNoticeRules(place, root['noticeRules']);
  const documentChains = root['documentChains'] === undefined ? undefined : readDocumentChains(place, root['documentChains']);
  if (noticeRules?.acknowledgeWorkingDays !== undefined && documentChains?.notice)
    place.fail('noticeRules.acknowledgeWorkingDays', 'say it once: the 签收 stage of documentChains.notice gives its working days');

  const ctx: PlanContext = {
    unitCodes: new Set(units.map((u) => u.code)),
    taskCodes: new Set(),
    indicatorIds: new Map(),
  };

  const sectionCodes = new Set<string>();
  const sections = list(place, 'sections', root['sections'], true).map((value, i): Section => {
    const at = `sections[${i}]`;
    const raw = object(place, at, value, ['code', 'title', 'categories']);
    const code = text(place, `${at}.code`, raw['code']);
    if (sectionCodes.has(code)) place.fail(`${at}.code`, `duplicate section code "${code}"`);
    sectionCodes.add(code);
    const categoryCodes = new Set<string>();
    const categories = list(place, `${at}.categories`, raw['categories'], true).map((c, j) => {
      const category = readCategory(place, `${at}.categories[${j}]`, c, ctx);
      if (categoryCodes.has(category.code)) {
        place.fail(`${at}.categories[${j}].code`, `duplicate category code "${category.code}" in section "${code}"`);
      }
      categoryCodes.add(category.code);
      return category;
    });
    return { code, title: text(place, `${at}.title`, raw['title']), categories };
  });

  const taskForce = readTaskForce(place, root['taskForce'], ctx.unitCodes);
  const calendar = { period: 'monthly' as const, deadlineDay };
  const plan: Plan = {
    id,
    city,
    year,
    title,
    calendar,
    approvalChain,
    ...(noticeRules ? { noticeRules } : {}),
    ...(documentChains ? { documentChains } : {}),
    sections,
  };
  return { plan, taskForce };
}

/**
 * Each supervision document kind's actions, and the roles that could ever hold each: a plan
 * arranges them into stages and may narrow the roles, but a unit's act (签收, 反馈, 阅示) stays a
 * unit's and the office's (交办, 核查, 审批) the office's. The API gates its routes by this table.
 */
export const DOCUMENT_ACTION_ROLES: {
  [K in DocumentKind]: Record<DocumentKindActions[K], ReadonlyArray<'submitter' | 'coordinator' | 'office'>>;
} = {
  notice: {
    issue: ['coordinator', 'office'],
    acknowledge: ['submitter'],
    respond: ['submitter'],
    return: ['coordinator', 'office'],
    close: ['coordinator', 'office'],
  },
  urge: { urge: ['coordinator', 'office'], acknowledge: ['submitter'] },
  extension: { request: ['submitter'], approve: ['coordinator', 'office'], refuse: ['coordinator', 'office'] },
  instruction: { record: ['coordinator', 'office'], acknowledge: ['submitter'], report: ['submitter'] },
  // 督查通报: the office's staff draft and edit, its head signs off (签发), member units read (已阅).
  bulletin: { draft: ['coordinator', 'office'], edit: ['coordinator', 'office'], approve: ['office'], read: ['submitter'] },
};

/** Stages where a timer runs, so a number of working days means something: 签收 of a 督办单. */
const TIMED_ACTIONS: { [K in DocumentKind]: ReadonlyArray<DocumentKindActions[K]> } = {
  notice: ['acknowledge'],
  urge: [],
  extension: [],
  instruction: [],
  bulletin: [],
};

function readDocumentChains(place: Place, value: unknown): DocumentChains {
  const kinds = Object.keys(DOCUMENT_ACTION_ROLES) as DocumentKind[];
  const raw = object(place, 'documentChains', value, kinds);
  const chains: DocumentChains = {};
  for (const kind of kinds) {
    if (raw[kind] !== undefined) (chains as Record<string, unknown>)[kind] = readDocumentChain(place, kind, raw[kind]);
  }
  return chains;
}

/** One kind's chain: stages in order, every action of the kind at exactly one stage, held by roles that may hold it. */
function readDocumentChain(place: Place, kind: DocumentKind, value: unknown): { stages: DocumentChainStage[] } {
  const at = `documentChains.${kind}`;
  const eligible: Record<string, ReadonlyArray<string>> = DOCUMENT_ACTION_ROLES[kind];
  const timed: ReadonlyArray<string> = TIMED_ACTIONS[kind];
  const raw = object(place, at, value, ['stages', 'separationOfDuties']);
  const ids = new Set<string>();
  const placed = new Map<string, string>();
  const stages = list(place, `${at}.stages`, raw['stages'], true).map((v, i): DocumentChainStage => {
    const field = `${at}.stages[${i}]`;
    const s = object(place, field, v, ['id', 'name', 'roles', 'actions', 'slaWorkingDays']);
    const id = text(place, `${field}.id`, s['id']);
    if (!STAGE_ID_PATTERN.test(id)) place.fail(`${field}.id`, `stage id ${JSON.stringify(id)} must match ${STAGE_ID_PATTERN}`);
    if (ids.has(id)) place.fail(`${field}.id`, `duplicate stage id "${id}"`);
    ids.add(id);
    const actions = list(place, `${field}.actions`, s['actions'], true).map((a, j) => {
      if (typeof a !== 'string' || !(a in eligible))
        place.fail(`${field}.actions[${j}]`, `unknown action ${describe(a)}; ${kind} has ${Object.keys(eligible).join(', ')}`);
      const action = a as string;
      if (placed.has(action)) place.fail(`${field}.actions[${j}]`, `action "${action}" is already at stage "${placed.get(action)}"`);
      placed.set(action, id);
      return action;
    });
    const roles = list(place, `${field}.roles`, s['roles'], true).map((r, j) => {
      const unfit = actions.filter((action) => !eligible[action]!.includes(r as string));
      if (unfit.length > 0) place.fail(`${field}.roles[${j}]`, `${describe(r)} may not hold ${unfit.join(', ')} of a ${kind}`);
      return r as DocumentChainStage['roles'][number];
    });
    const stage: DocumentChainStage = { id, name: text(place, `${field}.name`, s['name']), roles, actions };
    if (s['slaWorkingDays'] === undefined) return stage;
    if (!actions.some((action) => timed.includes(action)))
      place.fail(`${field}.slaWorkingDays`, `no timer watches this stage (only ${timed.join(', ') || 'none'} of a ${kind})`);
    return { ...stage, slaWorkingDays: integer(place, `${field}.slaWorkingDays`, s['slaWorkingDays'], 1, 22) };
  });
  const missing = Object.keys(eligible).filter((action) => !placed.has(action));
  if (missing.length > 0) place.fail(`${at}.stages`, `every action needs a stage; missing: ${missing.join(', ')}`);
  return { stages };
}

/** 督办单 rules: each a whole number of working days (at most a month's worth), each optional. */
function readNoticeRules(place: Place, value: unknown): PlanNoticeRules {
  const raw = object(place, 'noticeRules', value, [
    'blueWorkingDaysBeforeDeadline',
    'acknowledgeWorkingDays',
    'responseWorkingDays',
    'returnsInARow',
  ]);
  const days = (field: string, v: unknown) => (v === undefined ? undefined : integer(place, `noticeRules.${field}`, v, 1, 22));
  const rules: PlanNoticeRules = {};
  const blue = days('blueWorkingDaysBeforeDeadline', raw['blueWorkingDaysBeforeDeadline']);
  if (blue !== undefined) rules.blueWorkingDaysBeforeDeadline = blue;
  const acknowledge = days('acknowledgeWorkingDays', raw['acknowledgeWorkingDays']);
  if (acknowledge !== undefined) rules.acknowledgeWorkingDays = acknowledge;
  if (raw['responseWorkingDays'] !== undefined) {
    const response = object(place, 'noticeRules.responseWorkingDays', raw['responseWorkingDays'], ['blue', 'yellow', 'red']);
    rules.responseWorkingDays = {};
    for (const level of ['blue', 'yellow', 'red'] as const) {
      const n = days(`responseWorkingDays.${level}`, response[level]);
      if (n !== undefined) rules.responseWorkingDays[level] = n;
    }
  }
  if (raw['returnsInARow'] !== undefined) rules.returnsInARow = integer(place, 'noticeRules.returnsInARow', raw['returnsInARow'], 1, 12);
  return rules;
}

const CHAIN_ROLES = ['submitter', 'coordinator', 'office', 'admin'] as const;
const STAGE_ACTIONS: readonly StageAction[] = ['open', 'approve', 'countersign', 'reject', 'return', 'urge', 'transfer', 'delegate'];
const STAGE_ID_PATTERN = /^[a-z][a-z0-9_]{1,40}$/;

function readApprovalChain(place: Place, at: string, value: unknown): ApprovalChain {
  const raw = object(place, at, value, ['stages', 'separationOfDuties']);
  const ids = new Set<string>();
  const stages = list(place, `${at}.stages`, raw['stages'], true).map((v, i): ChainStage => {
    const field = `${at}.stages[${i}]`;
    const s = object(place, field, v, ['id', 'name', 'role', 'slaWorkingDays', 'actions', 'countersign']);
    const id = text(place, `${field}.id`, s['id']);
    if (!STAGE_ID_PATTERN.test(id)) place.fail(`${field}.id`, `stage id ${JSON.stringify(id)} must match ${STAGE_ID_PATTERN}`);
    if (ids.has(id)) place.fail(`${field}.id`, `duplicate stage id "${id}"`);
    ids.add(id);
    const role = s['role'];
    if (!CHAIN_ROLES.includes(role as ChainStage['role']))
      place.fail(`${field}.role`, `must be one of ${CHAIN_ROLES.join(', ')}, got ${describe(role)}`);
    const actions = list(place, `${field}.actions`, s['actions'], true).map((a, j) => {
      if (!STAGE_ACTIONS.includes(a as StageAction)) place.fail(`${field}.actions[${j}]`, `unknown action ${describe(a)}`);
      return a as StageAction;
    });
    const countersign = s['countersign'] === undefined ? undefined : s['countersign'] === true;
    if (s['countersign'] !== undefined && typeof s['countersign'] !== 'boolean')
      place.fail(`${field}.countersign`, 'must be true or false');
    if (countersign && role !== 'submitter') place.fail(`${field}.countersign`, 'a countersign stage belongs to a unit (role submitter)');
    const stage: ChainStage = {
      id,
      name: text(place, `${field}.name`, s['name']),
      role: role as ChainStage['role'],
      slaWorkingDays: integer(place, `${field}.slaWorkingDays`, s['slaWorkingDays'], 1, 60),
      actions,
    };
    return countersign ? { ...stage, countersign } : stage;
  });
  const last = stages[stages.length - 1]!;
  if (last.countersign || !last.actions.includes('approve')) {
    place.fail(`${at}.stages[${stages.length - 1}]`, 'the last stage signs off: it must allow approve and not be a countersign');
  }
  // Separation of duties is on unless the plan turns it off (ApprovalChain.separationOfDuties).
  const separation = raw['separationOfDuties'];
  if (separation === undefined) return { stages };
  if (typeof separation !== 'boolean') place.fail(`${at}.separationOfDuties`, 'must be true or false');
  return { stages, separationOfDuties: separation === true };
}

function readCategory(place: Place, at: string, value: unknown, ctx: PlanContext): Category {
  const raw = object(place, at, value, ['code', 'title', 'group', 'tasks']);
  const code = text(place, `${at}.code`, raw['code']);
  const title = text(place, `${at}.title`, raw['title']);
  let group: Category['group'];
  if (raw['group'] !== undefined) {
    const g = object(place, `${at}.group`, raw['group'], ['code', 'title']);
    group = { code: text(place, `${at}.group.code`, g['code']), title: text(place, `${at}.group.title`, g['title']) };
  }
  const tasks = list(place, `${at}.tasks`, raw['tasks'], true).map((t, k) => readTask(place, `${at}.tasks[${k}]`, t, ctx));
  return group ? { code, title, group, tasks } : { code, title, tasks };
}

function readTask(filePlace: Place, at: string, value: unknown, ctx: PlanContext): Task {
  const pre = mapping(filePlace, at, value);
  const code = text(filePlace, `${at}.code`, pre['code']);
  // From here on errors name the task; fields are relative to it.
  const place: Place = filePlace.inTask(code);
  checkKeys(place, undefined, pre, ['code', 'seq', 'title', 'leadUnits', 'indicators', 'approvalChain']);
  if (!TASK_CODE_PATTERN.test(code)) place.fail('code', `task code ${JSON.stringify(code)} must match ${TASK_CODE_PATTERN}`);
  if (ctx.taskCodes.has(code)) place.fail('code', `duplicate task code "${code}"`);
  ctx.taskCodes.add(code);

  const seq = integer(place, 'seq', pre['seq'], 1, 9999);
  const title = text(place, 'title', pre['title']);

  const leadUnits = list(place, 'leadUnits', pre['leadUnits'], true).map((u, i) => {
    const unit = text(place, `leadUnits[${i}]`, u);
    if (!ctx.unitCodes.has(unit)) place.fail(`leadUnits[${i}]`, `unknown unit code "${unit}"`);
    return unit;
  });
  const seen = new Set<string>();
  leadUnits.forEach((unit, i) => {
    if (seen.has(unit)) place.fail(`leadUnits[${i}]`, `duplicate lead unit "${unit}"`);
    seen.add(unit);
  });

  const indicators = list(place, 'indicators', pre['indicators'], true).map((v, i) =>
    readIndicator(place, `indicators[${i}]`, v, code, leadUnits, ctx),
  );
  const task: Task = { code, seq, title, leadUnits, indicators };
  return pre['approvalChain'] === undefined
    ? task
    : { ...task, approvalChain: readApprovalChain(place, 'approvalChain', pre['approvalChain']) };
}

function readIndicator(
  taskPlace: Place,
  at: string,
  value: unknown,
  taskCode: string,
  leadUnits: readonly string[],
  ctx: PlanContext,
): Indicator {
  const raw = mapping(taskPlace, at, value);
  const rawId = raw['id'];
  const place: Place = taskPlace.inIndicator(typeof rawId === 'string' ? rawId : undefined);
  checkKeys(place, at, raw, ['id', 'name', 'kind', 'target', 'unit', 'comparator', 'ownerUnit', 'source']);

  const id = text(place, `${at}.id`, rawId);
  const idPattern = new RegExp(`^${taskCode}-[1-9][0-9]*$`);
  if (!idPattern.test(id)) place.fail(`${at}.id`, `indicator id "${id}" must read ${taskCode}-<n>`);
  const owner = ctx.indicatorIds.get(id);
  if (owner !== undefined) place.fail(`${at}.id`, `duplicate indicator id "${id}" (also in task ${owner})`);
  ctx.indicatorIds.set(id, taskCode);

  const name = text(place, `${at}.name`, raw['name']);
  const source = text(place, `${at}.source`, raw['source']);

  const kind = raw['kind'];
  if (typeof kind !== 'string' || !INDICATOR_KINDS.includes(kind as IndicatorKind)) {
    place.fail(`${at}.kind`, `unknown kind ${describe(kind)} (allowed: ${INDICATOR_KINDS.join(', ')})`);
  }
  const quantitative = QUANTITATIVE_KINDS.includes(kind as IndicatorKind);

  const rawTarget = raw['target'];
  const rawUnit = raw['unit'];
  let target: number | null = null;
  let unit: string | null = null;
  if (quantitative) {
    if (rawTarget === undefined || rawTarget === null) place.fail(`${at}.target`, `missing target for kind ${kind}`);
    if (typeof rawTarget !== 'number' || !Number.isFinite(rawTarget)) {
      place.fail(`${at}.target`, `target must be a finite number for kind ${kind}, got ${describe(rawTarget)}`);
    }
    target = rawTarget;
    if (rawUnit === undefined || rawUnit === null) place.fail(`${at}.unit`, `missing unit of measure for kind ${kind}`);
    if (typeof rawUnit !== 'string' || !isUnitOfMeasure(rawUnit)) {
      place.fail(`${at}.unit`, `unknown unit of measure ${describe(rawUnit)} (see UNITS_OF_MEASURE)`);
    }
    unit = rawUnit;
    if (kind === 'rate') {
      if (unit !== '%') place.fail(`${at}.unit`, `a rate is measured in "%", got ${describe(unit)}`);
      if (target < 0 || target > 100) place.fail(`${at}.target`, `rate target must be within 0..100, got ${target}`);
    }
    if ((kind === 'cumulative' || kind === 'decrease') && target < 0) {
      place.fail(`${at}.target`, `a ${kind} target cannot be negative, got ${target}`);
    }
  } else {
    if (rawTarget !== undefined && rawTarget !== null) {
      place.fail(`${at}.target`, `a ${kind} indicator has no target (must be null), got ${describe(rawTarget)}`);
    }
    if (rawUnit !== undefined && rawUnit !== null) {
      place.fail(`${at}.unit`, `a ${kind} indicator has no unit (must be null), got ${describe(rawUnit)}`);
    }
  }

  // Milestones and qualitative duties may leave the comparator out: they are done (=) or not.
  const rawComparator = raw['comparator'] === undefined && !quantitative ? '=' : raw['comparator'];
  if (typeof rawComparator !== 'string' || !COMPARATORS.includes(rawComparator as Comparator)) {
    place.fail(`${at}.comparator`, `bad comparator ${describe(rawComparator)} (allowed: ${COMPARATORS.join(' ')})`);
  }
  const comparator = rawComparator as Comparator;

  let ownerUnit: string | undefined;
  if (raw['ownerUnit'] !== undefined) {
    ownerUnit = text(place, `${at}.ownerUnit`, raw['ownerUnit']);
    if (!ctx.unitCodes.has(ownerUnit)) place.fail(`${at}.ownerUnit`, `unknown unit code "${ownerUnit}"`);
    if (!leadUnits.includes(ownerUnit)) {
      place.fail(`${at}.ownerUnit`, `owner unit "${ownerUnit}" is not among the task's lead units (${leadUnits.join(', ')})`);
    }
  } else if (leadUnits.length > 1) {
    place.fail(`${at}.ownerUnit`, `missing ownerUnit: the task is co-led by ${leadUnits.join(', ')}`);
  }

  const indicator: Indicator = { id, name, kind: kind as IndicatorKind, target, unit, comparator, source };
  if (ownerUnit !== undefined) indicator.ownerUnit = ownerUnit;
  return indicator;
}

// ───────────────────────────── task force ─────────────────────────────

function readTaskForce(place: Place, value: unknown, unitCodes: ReadonlySet<string>): TaskForce {
  const at = 'taskForce';
  const raw = object(place, at, value, ['name', 'convener', 'deputyConveners', 'memberUnits', 'office']);
  const unitCode = (field: string, v: unknown): string => {
    const code = text(place, field, v);
    if (!unitCodes.has(code)) place.fail(field, `unknown unit code "${code}"`);
    return code;
  };
  const role = (field: string, v: unknown): TaskForceRole => {
    const r = object(place, field, v, ['unit', 'position']);
    return { unit: unitCode(`${field}.unit`, r['unit']), position: text(place, `${field}.position`, r['position']) };
  };

  const memberUnits = list(place, `${at}.memberUnits`, raw['memberUnits'], true).map((v, i) => unitCode(`${at}.memberUnits[${i}]`, v));
  const members = new Set<string>();
  memberUnits.forEach((code, i) => {
    if (members.has(code)) place.fail(`${at}.memberUnits[${i}]`, `duplicate member unit "${code}"`);
    members.add(code);
  });
  const office = object(place, `${at}.office`, raw['office'], ['unit', 'duties']);
  return {
    name: text(place, `${at}.name`, raw['name']),
    convener: role(`${at}.convener`, raw['convener']),
    deputyConveners: list(place, `${at}.deputyConveners`, raw['deputyConveners'], false).map((v, i) =>
      role(`${at}.deputyConveners[${i}]`, v),
    ),
    memberUnits,
    office: { unit: unitCode(`${at}.office.unit`, office['unit']), duties: text(place, `${at}.office.duties`, office['duties']) },
  };
}

export function readCatalog(planFile: string, planDoc: unknown, unitsFile: string, unitsDoc: unknown): Catalog {
  const units = readUnits(unitsFile, unitsDoc);
  const { plan, taskForce } = readPlan(planFile, planDoc, units);
  return { plan, units, taskForce };
}
