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

/** Everything that can be done to a report after it was submitted. */
export type ReportAction =
  | { kind: 'resubmit'; values: IndicatorValue[]; narrative: string }
  | { kind: 'open' }
  | { kind: 'countersign'; comment?: string }
  | { kind: 'approve'; comment?: string }
  | { kind: 'reject'; reason: string }
  | { kind: 'return'; toStage: string; reason: string }
  | { kind: 'withdraw'; reason?: string }
  | { kind: 'urge'; message?: string }
  | { kind: 'acknowledge'; urgeId: string }
  | { kind: 'transfer'; toUsername: string }
  | { kind: 'delegate'; toUsername: string };

export class ActOnReport extends Command<ReportSummary> {
  constructor(
    readonly principal: Principal,
    readonly reportId: string,
    readonly action: ReportAction,
  ) {
    super();
  }
}
