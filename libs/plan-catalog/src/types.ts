/**
 * What an indicator measures, and so how its reported value compares with its target.
 *
 * - `cumulative`  delivered during the plan year, reported as the year-to-date total (38801 台 computers)
 * - `rate`        a percentage 0..100, reported as the current value (一网通办率 90 %)
 * - `standard`    a level to reach or hold: a benefit standard, a per-capita figure, a scale to sustain,
 *                 a ratio (低保标准 740 元/月), reported as the current value
 * - `decrease`    a reduction against the previous year; the target is the size of the reduction
 *                 (PM2.5 down by more than 1 微克/立方米)
 * - `milestone`   a deliverable that is done or not (a platform built); no target, no unit
 * - `qualitative` a duty without a number; no target, no unit
 */
export type IndicatorKind = 'cumulative' | 'rate' | 'standard' | 'decrease' | 'milestone' | 'qualitative';

/** How the reported value must compare with the target: `value <comparator> target`. */
export type Comparator = '>=' | '>' | '<=' | '=';

/** A unit (单位) of the city: a bureau, a federation, a company. */
export interface Unit {
  /** Short lowercase ASCII id, `[a-z][a-z0-9-]{1,30}`; also the unit's login username. */
  code: string;
  /** Full name as the plan text writes it. */
  name: string;
  /** Every spelling of the unit; unique across the registry. */
  aliases: string[];
}

export interface Indicator {
  /** `<taskCode>-<n>`, unique across the plan. */
  id: string;
  name: string;
  kind: IndicatorKind;
  /** In base units (58000, not 5.8万; 90 for 90 %); null for milestone and qualitative. */
  target: number | null;
  /** Unit of measure, one of UNITS_OF_MEASURE; null for milestone and qualitative. */
  unit: string | null;
  comparator: Comparator;
  /** Which lead unit owns the indicator; always set on co-led tasks, optional otherwise. */
  ownerUnit?: string;
  /** The exact phrase of the plan text the indicator came from. */
  source: string;
}

/** What may be done to a report waiting at a stage. */
export type StageAction = 'open' | 'approve' | 'countersign' | 'reject' | 'return' | 'urge' | 'transfer' | 'delegate';

/** One stage of a report's approval chain, after the unit submits. */
export interface ChainStage {
  id: string;
  name: string;
  role: 'submitter' | 'coordinator' | 'office' | 'admin';
  slaWorkingDays: number;
  actions: StageAction[];
  /** A countersign (会签) stage belongs to the co-lead unit that did not submit; skipped for single-led tasks. */
  countersign?: boolean;
}

/** The approval chain is data: the plan's default, overridable per task. The last stage signs off. */
export interface ApprovalChain {
  stages: ChainStage[];
  /** 职责分离: on unless set to false; what it means is the domain's (ApprovalChain in @ledger/domain). */
  separationOfDuties?: boolean;
}

export interface Task {
  code: string;
  /** The number the plan text gives the task inside its group, e.g. 12 for (12). */
  seq: number;
  title: string;
  /** Unit codes, primary lead first. */
  leadUnits: string[];
  indicators: Indicator[];
  /** Overrides the plan's approval chain for this task's reports. */
  approvalChain?: ApprovalChain;
}

export interface Category {
  code: string;
  title: string;
  /**
   * When the text nests two levels of grouping (（一）… → 1.…), categories are the inner level and
   * `group` is the outer one; `title` then reads "<group title> / <inner title>".
   */
  group?: { code: string; title: string };
  tasks: Task[];
}

export interface Section {
  code: string;
  title: string;
  categories: Category[];
}

export interface Plan {
  id: string;
  city: string;
  year: number;
  title: string;
  /** One report per task per period; the report for month M is due by `deadlineDay` of month M+1. */
  calendar: { period: 'monthly'; deadlineDay: number };
  approvalChain: ApprovalChain;
  /** How supervision issues 督办单 in this plan; what it leaves out keeps the system's defaults. */
  noticeRules?: PlanNoticeRules;
  /** The chains of the supervision documents; a kind the plan leaves out keeps the system's chain. */
  documentChains?: DocumentChains;
  sections: Section[];
}

/** The plan's word on 督办单 (蓝/黄/红): every count is in working days, or reports for `returnsInARow`. */
export interface PlanNoticeRules {
  blueWorkingDaysBeforeDeadline?: number;
  acknowledgeWorkingDays?: number;
  responseWorkingDays?: { blue?: number; yellow?: number; red?: number };
  returnsInARow?: number;
}

/** What people do to each supervision document kind (the report's actions are StageAction). */
export interface DocumentKindActions {
  notice: 'issue' | 'acknowledge' | 'respond' | 'return' | 'close';
  urge: 'urge' | 'acknowledge';
  extension: 'request' | 'approve' | 'refuse';
  instruction: 'record' | 'acknowledge' | 'report';
  bulletin: 'draft' | 'edit' | 'approve' | 'read';
}
export type DocumentKind = keyof DocumentKindActions;

/** One stage of a supervision document's chain: who acts, what they may do, in how many working days. */
export interface DocumentChainStage<A extends string = string> {
  id: string;
  name: string;
  roles: Array<'submitter' | 'coordinator' | 'office'>;
  actions: A[];
  /** Only where a timer watches the stage (签收 of a 督办单). */
  slaWorkingDays?: number;
}

export type DocumentChains = { [K in DocumentKind]?: { stages: Array<DocumentChainStage<DocumentKindActions[K]>> } };

/** A role in the task force, named by position only (never a person's name). */
export interface TaskForceRole {
  /** Unit code of the body the position belongs to (e.g. `gov` for 市政府). */
  unit: string;
  /** The position, e.g. 分管副市长, 主要负责人. */
  position: string;
}

/** The plan's task force (工作专班): who convenes it, who sits on it, where its office is. */
export interface TaskForce {
  name: string;
  convener: TaskForceRole;
  deputyConveners: TaskForceRole[];
  /** Unit codes, in the order the text lists them. */
  memberUnits: string[];
  /** The office (办公室) that runs day-to-day coordination. */
  office: { unit: string; duties: string };
}

export interface Catalog {
  plan: Plan;
  units: Unit[];
  taskForce: TaskForce;
}
