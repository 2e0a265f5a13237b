import { Query } from '@nestjs/cqrs';
import type { PeriodDeadline } from '@ledger/domain';
import type { Principal } from '../auth/principal';

/** A lead task's report deadline for the period, as the signed-in unit has it. */
export interface ReportingDeadlineView extends PeriodDeadline {
  taskId: string;
  unitId: string;
  period: string;
  /** When the unit first submitted its report of the period (a withdrawn report does not count); absent while none is. */
  submittedAt?: string;
}

/** The report deadlines in force of the period for the tasks the principal's unit leads (in the plan year of the period). */
export class ListReportingDeadlines extends Query<ReportingDeadlineView[]> {
  constructor(
    readonly principal: Principal,
    readonly period: string,
  ) {
    super();
  }
}
