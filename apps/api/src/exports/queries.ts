import { Query } from '@nestjs/cqrs';
import type { Principal } from '../auth/principal';

/** 月报: the whole plan's progress table for a month, as a workbook; the export is recorded. */
export class ExportMonthly extends Query<Buffer> {
  constructor(
    readonly principal: Principal,
    readonly period: string,
  ) {
    super();
  }
}
