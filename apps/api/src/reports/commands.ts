import { Command } from '@nestjs/cqrs';
import type { IndicatorValue, ReportSummary } from '@ledger/domain';
import type { Principal } from '../auth/principal';
import { ActOnDocument } from '../http/document-actions';
import type { ReportActionName } from './actions';

export class SubmitReportCommand extends Command<ReportSummary> {
  constructor(
    readonly principal: Principal,
    readonly taskId: string,
    readonly period: string,
    readonly values: IndicatorValue[],
    readonly narrative: string,
    /** The request's (see requestCorrelationId): the same for every attempt of one keyed request. */
    readonly correlationId: string,
    /** Ids of the unit's uploads. */
    readonly attachments: string[] | undefined,
  ) {
    super();
  }
}

/** An action of REPORT_ACTIONS on a submitted report. */
export class ActOnReport extends ActOnDocument<ReportSummary, ReportActionName> {}
