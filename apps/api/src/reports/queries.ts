import { Query } from '@nestjs/cqrs';
import type { ReportHistoryEntry } from '@ledger/read-models';
import type { Principal } from '../auth/principal';

export interface ReportView {
  id: string;
  taskId: string;
  period: string;
  unitId: string;
  status: string;
  stage: string | null;
  revision: number;
  values: { indicatorId: string; value: number }[];
  narrative: string;
  history: ReportHistoryEntry[];
}

export class GetReport extends Query<ReportView> {
  constructor(
    readonly principal: Principal,
    readonly reportId: string,
  ) {
    super();
  }
}
