import { Query } from '@nestjs/cqrs';
import type { Principal } from '../auth/principal';

export interface UnitView {
  id: string;
  code: string;
  name: string;
}

export interface TaskView {
  id: string;
  /** The plan the task belongs to (its task force: GET /api/plans/{planId}/task-force). */
  planId: string;
  code: string;
  title: string;
  section: string;
  category: string;
  leadUnits: string[];
  indicators: {
    id: string;
    name: string;
    target: number | null;
    unit: string | null;
    kind: string;
    comparator: string;
    ownerUnit: string | null;
  }[];
  progress: { indicatorId: string; value: number; percent: number; period: string }[];
}

export class ListUnits extends Query<UnitView[]> {}

/** Tasks the principal may see: all of them, or for a submitter the tasks its unit leads. */
export class ListTasks extends Query<TaskView[]> {
  constructor(readonly principal: Principal) {
    super();
  }
}

/** A position of the task force, with its unit: never a person's name (the plan names none). */
export interface TaskForceLeaderView {
  role: 'convener' | 'deputy_convener';
  unitId: string;
  unitName: string;
  position: string;
}

/** The plan's 工作专班 as the plan text sets it up (三、推进机制). */
export interface TaskForceView {
  planId: string;
  name: string;
  convener: TaskForceLeaderView;
  deputyConveners: TaskForceLeaderView[];
  memberUnits: { unitId: string; unitName: string }[];
  office: { unitId: string; unitName: string; duties: string };
}

/** The task force of a plan's published version: 召集人, 副召集人, 成员单位 and the 工作专班办公室. */
export class GetTaskForce extends Query<TaskForceView> {
  constructor(readonly planId: string) {
    super();
  }
}
