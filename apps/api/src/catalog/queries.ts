import { Query } from '@nestjs/cqrs';
import type { Principal } from '../auth/principal';

export interface UnitView {
  id: string;
  code: string;
  name: string;
}

export interface TaskView {
  id: string;
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
