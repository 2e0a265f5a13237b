import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsString, Matches, Max, Min } from 'class-validator';
import { Optional } from '../http/optional';
import { MAX_HISTORY_PAGE } from './target-history';

/** A task's history as of a moment, one page of its timeline at a time (the cursor is the `earlier` one an answer gave). */
export class HistoryQueryDto {
  /** The moment to look from (ISO 8601); now when absent. */
  @Optional() @IsISO8601({}, { message: 'asOf must be an ISO 8601 date-time / asOf 应为 ISO 8601 时间' }) asOf?: string;
  /** Events of the timeline on the page (default 50). */
  @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_HISTORY_PAGE) limit?: number;
  @Optional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: 'cursor is the one an earlier link gave / 分页游标无效' })
  cursor?: string;
}
