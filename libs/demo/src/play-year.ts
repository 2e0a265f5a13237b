import { PROGRESS_STATUS_LABELS, REPORTING_STATUS_LABELS, type ProgressStatus, type ReportingStatus } from '@ledger/domain';
import { ledgerClient, type LedgerClient } from './ledger-client';
import { filedSteps, yearScript, type DemoTask, type MonthStep, type TaskScript, type YearOptions, type YearScript } from './year-script';

export interface PlayYearOptions extends YearOptions {
  /** The running system, e.g. http://127.0.0.1:3000. */
  url: string;
  /** The demo accounts' password. */
  password: string;
  /** A reduced scope: only these task codes (P01, C03 …), or the first `taskLimit` tasks by code. */
  taskCodes?: string[];
  taskLimit?: number;
  /** Tasks played at once; each task's months go in order. */
  concurrency?: number;
  /** Where the Chinese progress lines go. */
  say?: (line: string) => void;
}

export interface PlayYearOutcome {
  script: YearScript;
  /** Every report of the scope was on file already: nothing was filed again. */
  alreadyPlayed: boolean;
  reports: { filed: number; onFileBefore: number; rejected: number; signedOff: number; inReview: number };
  urges: number;
  /**
   * 督办单 the demo issued by hand (人工交办), all it closed, and of those the ones supervision had
   * issued by the plan's rules whose cause had gone away.
   */
  notices: { issued: number; closed: number; cleared: number };
  /** The board's two dimensions, counted as the 督查看板 shows them (each task once in each). */
  board: { reporting: Record<ReportingStatus, number>; progress: Record<ProgressStatus, number> };
  seconds: number;
  calls: number;
}

interface Heading {
  id: string;
  taskId: string;
  period: string;
  status: string;
}
interface NoticeRow {
  id: string;
  taskId: string;
  cause: string;
  matter: string;
  status: string;
  causeCleared: boolean;
}
interface DashboardAnswer {
  plan: { id: string; year: number };
  reporting: Record<ReportingStatus, number>;
  progress: Record<ProgressStatus, number>;
  sections: Array<{ categories: Array<{ tasks: Array<{ id: string; lastReport: { period: string; status: string } | null }> }> }>;
}

const COORDINATOR = 'coordinator';
const OFFICE = 'office';

/**
 * Plays a year of the plan through the running system's HTTP API as the demo accounts: every
 * report goes through the real approval workflows, so the board, the inboxes and the audit trail
 * show what a year of use leaves. The workflows run on the clock of now: a year that has passed
 * is reported after the fact, so every report of it is late against its deadline, as it would be.
 */
export async function playYear(options: PlayYearOptions): Promise<PlayYearOutcome> {
  const started = Date.now();
  const say = options.say ?? (() => undefined);
  const client = ledgerClient(options.url, options.password);

  const board = await client.get<DashboardAnswer>(COORDINATOR, '/dashboard');
  const allTasks = (await client.get<Array<DemoTask & { planId: string }>>(COORDINATOR, '/tasks')).filter(
    (task) => task.planId === board.plan.id,
  );
  const scoped = scope(allTasks, options);
  const script = yearScript(scoped, { ...options, year: options.year ?? board.plan.year });
  const steps = filedSteps(script);

  const onFile = new Set(
    (await client.getAll<Heading>(COORDINATOR, '/reports'))
      .filter((report) => report.status !== 'withdrawn')
      .map((report) => `${report.taskId}/${report.period}`),
  );
  const pending = steps.filter(({ task, step }) => !onFile.has(`${task.task.id}/${step.period}`));
  const onFileBefore = steps.length - pending.length;
  const outcome: PlayYearOutcome = {
    script,
    alreadyPlayed: pending.length === 0,
    reports: { filed: 0, onFileBefore, rejected: 0, signedOff: 0, inReview: 0 },
    urges: 0,
    notices: { issued: 0, closed: 0, cleared: 0 },
    board: { reporting: board.reporting, progress: board.progress },
    seconds: 0,
    calls: 0,
  };
  if (pending.length === 0) {
    say(`演示年度已在库中：${script.year}年 ${scoped.length} 项任务的 ${steps.length} 份报告均已报送，不再重复填报。`);
    outcome.seconds = (Date.now() - started) / 1000;
    outcome.calls = client.stats().calls;
    return outcome;
  }
  say(
    `开始演示 ${script.year} 年度：${scoped.length} 项任务 × ${script.tasks[0]?.months.length ?? 0} 个月，应报 ${steps.length} 份` +
      (onFileBefore > 0 ? `（已有 ${onFileBefore} 份在库，续报其余 ${pending.length} 份）` : '') +
      `；种子 ${script.seed}。`,
  );

  const pendingByTask = new Map<TaskScript, MonthStep[]>();
  for (const { task, step } of pending) pendingByTask.set(task, [...(pendingByTask.get(task) ?? []), step]);
  let lastShown = 0;
  const progress = () => {
    const done = outcome.reports.filed;
    if (done === pending.length || done - lastShown >= Math.max(10, Math.ceil(pending.length / 10))) {
      lastShown = done;
      say(
        `  填报进度 ${done}/${pending.length} 份（退回重报 ${outcome.reports.rejected} 份，已用 ${Math.round((Date.now() - started) / 1000)} 秒）`,
      );
    }
  };
  await inPool([...pendingByTask], options.concurrency ?? 6, async ([task, months]) => {
    for (const step of months) {
      await playChain(client, script, task, step);
      outcome.reports.filed += 1;
      if (step.rejected) outcome.reports.rejected += 1;
      if (step.endsAt === 'signed_off') outcome.reports.signedOff += 1;
      else outcome.reports.inReview += 1;
      progress();
    }
  });

  outcome.urges = await urgeLateTasks(client, script, say);
  outcome.notices = await superviseLaggingTasks(client, script, say);
  outcome.board = await settledBoard(client, script);
  outcome.seconds = (Date.now() - started) / 1000;
  outcome.calls = client.stats().calls;
  say(
    `演示年度完成：报送 ${outcome.reports.filed} 份（签发 ${outcome.reports.signedOff} 份、在审 ${outcome.reports.inReview} 份、退回后重报 ${outcome.reports.rejected} 份），` +
      `催报 ${outcome.urges} 次，${noticeLine(outcome.notices)}；` +
      `全方案看板：${boardLine(outcome.board)}；用时 ${Math.round(outcome.seconds)} 秒，调用 ${outcome.calls} 次。`,
  );
  return outcome;
}

function scope(tasks: DemoTask[], options: PlayYearOptions): DemoTask[] {
  const sorted = [...tasks].sort((a, b) => a.code.localeCompare(b.code));
  if (options.taskCodes?.length) {
    const unknown = options.taskCodes.filter((code) => !sorted.some((task) => task.code === code));
    if (unknown.length > 0) throw new Error(`no task ${unknown.join(', ')} in the plan / 方案中没有任务 ${unknown.join('、')}`);
    return sorted.filter((task) => options.taskCodes!.includes(task.code));
  }
  return options.taskLimit ? sorted.slice(0, options.taskLimit) : sorted;
}

/** One report from submission to where the script leaves it. Keys name the step, so a rerun of a step is answered, not repeated. */
async function playChain(client: LedgerClient, script: YearScript, task: TaskScript, step: MonthStep): Promise<void> {
  const key = (action: string) => `demo-year/${script.seed}/${task.task.id}/${step.period}/${action}`;
  const countersign = async (round: number) => {
    if (task.countersigner)
      await client.post(task.countersigner, `/reports/${id}/countersign`, { comment: '会签同意' }, key(`countersign-${round}`));
  };
  const { id } = await client.post<{ id: string }>(
    task.submitter,
    '/reports',
    { taskId: task.task.id, period: step.period, values: step.rejected?.values ?? step.values, narrative: step.narrative },
    key('submit'),
  );
  await countersign(1);
  if (step.rejected) {
    await client.post(COORDINATOR, `/reports/${id}/reject`, { reason: step.rejected.reason }, key('reject'));
    await client.post(
      task.submitter,
      `/reports/${id}/resubmit`,
      { values: step.values, narrative: `${step.narrative}（已按审核意见核实更正）` },
      key('resubmit'),
    );
    await countersign(2);
  }
  if (step.endsAt === 'coordinator_review') return;
  await client.post(COORDINATOR, `/reports/${id}/approve`, { comment: '审核通过' }, key('approve-coordinator'));
  if (step.endsAt === 'office_signoff') return;
  await client.post(OFFICE, `/reports/${id}/approve`, { comment: '同意签发' }, key('approve-office'));
}

/** 催报 for the latest month each late task has not reported; the first urged unit confirms it (确认收到). */
async function urgeLateTasks(client: LedgerClient, script: YearScript, say: (line: string) => void): Promise<number> {
  const byPeriod = new Map<string, string[]>();
  for (const task of script.tasks) {
    const missing = task.months.filter((step) => step.missing);
    const latest = missing[missing.length - 1];
    if (latest) byPeriod.set(latest.period, [...(byPeriod.get(latest.period) ?? []), task.task.id]);
  }
  let urged = 0;
  let acknowledged = false;
  for (const [period, taskIds] of byPeriod) {
    const outcome = await client.post<{ urged: Array<{ taskId: string; urgeId: string }>; skipped: unknown[] }>(
      COORDINATOR,
      '/urges',
      { taskIds, period, message: `${period.slice(0, 4)}年${Number(period.slice(5))}月进展报告已逾期，请于三个工作日内报送。` },
      `demo-year/${script.seed}/urge/${period}`,
    );
    urged += outcome.urged.length;
    const first = outcome.urged[0];
    if (first && !acknowledged) {
      const task = script.tasks.find((t) => t.task.id === first.taskId)!;
      await client.post(task.submitter, `/urges/${first.urgeId}/acknowledge`, {}, `demo-year/${script.seed}/urge/${period}/acknowledge`);
      acknowledged = true;
    }
  }
  if (byPeriod.size > 0) say(`  催报：${urged} 项任务（${[...byPeriod.keys()].join('、')}）`);
  return urged;
}

/**
 * 督办单 for the lagging tasks, issued by the coordinator and answered by the units as far as the
 * script says; then every notice whose cause has gone away (可销号: supervision saw the missing
 * reports signed off) is closed, as the office would after checking.
 */
async function superviseLaggingTasks(
  client: LedgerClient,
  script: YearScript,
  say: (line: string) => void,
): Promise<PlayYearOutcome['notices']> {
  const counts = { issued: 0, closed: 0, cleared: 0 };
  const day = (days: number) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
  for (const task of script.tasks) {
    if (!task.notice) continue;
    const key = (action: string) => `demo-year/${script.seed}/notice/${task.task.id}/${action}`;
    const existing = (await client.getAll<NoticeRow>(COORDINATOR, `/notices?taskId=${encodeURIComponent(task.task.id)}`)).find(
      (notice) => notice.cause === 'manual' && notice.matter === task.notice!.matter,
    );
    if (existing) continue;
    const { id } = await client.post<{ id: string }>(
      COORDINATOR,
      '/notices',
      { taskId: task.task.id, level: 'yellow', matter: task.notice.matter, dueDate: day(10) },
      key('issue'),
    );
    counts.issued += 1;
    await client.post(task.submitter, `/notices/${id}/acknowledge`, {}, key('acknowledge'));
    if (task.notice.answer === 'acknowledged') continue;
    await client.post(
      task.submitter,
      `/notices/${id}/respond`,
      { measures: '已召开专题调度会，倒排工期、压实责任，每周调度进展，确保年底前完成目标任务。', expectedBy: day(30) },
      key('respond'),
    );
    if (task.notice.answer === 'responded') continue;
    await client.post(COORDINATOR, `/notices/${id}/close`, { comment: '整改措施具体可行，予以销号，继续跟踪。' }, key('close'));
    counts.closed += 1;
  }
  const scoped = new Set(script.tasks.map((task) => task.task.id));
  const clearable = (await client.getAll<NoticeRow>(COORDINATOR, '/notices?status=open')).filter(
    (notice) => notice.causeCleared && scoped.has(notice.taskId),
  );
  for (const notice of clearable) {
    await client.post(
      COORDINATOR,
      `/notices/${notice.id}/close`,
      { comment: '问题已整改到位，予以销号。' },
      `demo-year/${script.seed}/notice/${notice.id}/close`,
    );
    counts.closed += 1;
    counts.cleared += 1;
  }
  if (counts.issued + counts.closed > 0) say(`  督办：${noticeLine(counts)}`);
  return counts;
}

/** The board's counts as the 督查看板 shows them: 报送情况 and 进度情况, each over every task. */
export function boardLine({ reporting, progress }: PlayYearOutcome['board']): string {
  const counts = <K extends string>(labels: Record<K, string>, of: Record<K, number>) =>
    (Object.keys(labels) as K[]).map((key) => `${labels[key]} ${of[key] ?? 0}`).join('、');
  return `报送情况 ${counts(REPORTING_STATUS_LABELS, reporting)}；进度情况 ${counts(PROGRESS_STATUS_LABELS, progress)}`;
}

/** What the demo did with 督办单, in words that do not read as more closed than issued. */
export function noticeLine({ issued, closed, cleared }: PlayYearOutcome['notices']): string {
  const closedText = cleared > 0 ? `销号 ${closed} 件（其中按规则下发、问题已整改的 ${cleared} 件）` : `销号 ${closed} 件`;
  return `督办单人工交办 ${issued} 件，${closedText}`;
}

/** The board once the projector has caught up with the year: every task shows the last report it filed. */
async function settledBoard(client: LedgerClient, script: YearScript, timeoutMs = 60_000): Promise<PlayYearOutcome['board']> {
  const expected = new Map(
    script.tasks.map((task) => {
      const last = [...task.months].reverse().find((step) => !step.missing);
      return [task.task.id, last ? { period: last.period, status: last.endsAt === 'signed_off' ? 'signed_off' : 'in_review' } : null];
    }),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const board = await client.get<DashboardAnswer>(COORDINATOR, '/dashboard');
    const tasks = board.sections.flatMap((section) => section.categories.flatMap((category) => category.tasks));
    const settled = tasks
      .filter((task) => expected.has(task.id))
      .every((task) => {
        const want = expected.get(task.id);
        return !want || (task.lastReport?.period === want.period && task.lastReport.status === want.status);
      });
    if (settled || Date.now() > deadline) return { reporting: board.reporting, progress: board.progress };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Runs `work` over `items`, at most `size` at once. */
async function inPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.max(1, Math.min(size, items.length)) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(runners);
}
