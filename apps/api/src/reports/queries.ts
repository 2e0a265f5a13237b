import type { Page } from '../http/paging';
import { Query } from '@nestjs/cqrs';
import type { AttachmentRef } from '@ledger/domain';
import type { IndicatorChange, ReportHistoryEntry, ReportRevision } from '@ledger/read-models';
import type { Principal } from '../auth/principal';

/** Where a report stands: what a list shows and the full view starts with. */
interface ReportHeading {
  id: string;
  taskId: string;
  period: string;
  unitId: string;
  status: string;
  stage: string | null;
  revision: number;
}

export interface ReportView extends ReportHeading {
  values: { indicatorId: string; value: number; explanation?: string }[];
  narrative: string;
  /** The current revision's 佐证材料 (download: GET /api/attachments/{id}); each revision lists its own. */
  attachments: AttachmentRef[];
  history: ReportHistoryEntry[];
  revisions: ReportRevision[];
  /** From revision 2 on: what changed against the previous revision, per indicator. */
  diff?: IndicatorChange[];
}

export interface ReportListItem extends ReportHeading {
  updatedAt: string;
}

export class GetReport extends Query<ReportView> {
  constructor(
    readonly principal: Principal,
    readonly reportId: string,
  ) {
    super();
  }
}

export interface ReportFilter {
  taskId?: string;
  period?: string;
  status?: string;
  /** Only reports the principal's unit submitted (submitters) or acted on. */
  mine?: boolean;
  limit?: number;
  cursor?: string;
}

/** One page of the list, newest change first. */
export class ListReports extends Query<Page<ReportListItem>> {
  constructor(
    readonly principal: Principal,
    readonly filter: ReportFilter,
  ) {
    super();
  }
}
