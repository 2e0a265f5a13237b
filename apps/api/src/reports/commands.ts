import { Command } from '@nestjs/cqrs';
import type { IndicatorValue, ReportSummary } from '@ledger/domain';
import type { Principal } from '../auth/principal';

export class SubmitReportCommand extends Command<ReportSummary> {
  constructor(
    readonly principal: Principal,
    readonly taskId: string,
    readonly period: string,
    readonly values: IndicatorValue[],
    readonly narrative: string,
  ) {
    super();
  }
}

export class ResubmitReportCommand extends Command<ReportSummary> {
  constructor(
    readonly principal: Principal,
    readonly reportId: string,
    readonly values: IndicatorValue[],
    readonly narrative: string,
  ) {
    super();
  }
}

export class ApproveReportCommand extends Command<ReportSummary> {
  constructor(
    readonly principal: Principal,
    readonly reportId: string,
    readonly comment?: string,
  ) {
    super();
  }
}

export class RejectReportCommand extends Command<ReportSummary> {
  constructor(
    readonly principal: Principal,
    readonly reportId: string,
    readonly reason: string,
  ) {
    super();
  }
}
