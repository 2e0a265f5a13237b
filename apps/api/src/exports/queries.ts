import { Query } from '@nestjs/cqrs';
import type { DashboardFilter } from '@ledger/read-models';
import type { Principal } from '../auth/principal';

/** 月报: the whole plan's progress table for a month, as a workbook; the export is recorded. */
export class ExportMonthly extends Query<Buffer> {
  constructor(
    readonly principal: Principal,
    readonly period: string,
    /** The dashboard's filters: the workbook shows the tasks the console shows. */
    readonly filter: DashboardFilter = {},
    /** The moment the figures stand at; by default the period's deadline, or now while that is ahead. */
    readonly asOf?: string,
  ) {
    super();
  }
}
