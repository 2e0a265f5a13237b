import { IsIn, IsISO8601, IsString, Length } from 'class-validator';
import { Optional } from '../http/optional';

export const REPORTING_CODES = ['on_time', 'late', 'overdue'] as const;
export const PROGRESS_CODES = ['completed', 'on_track', 'behind'] as const;
export const LIGHT_CODES = ['green', 'yellow', 'red'] as const;

/** The dashboard's view: the moment, and which tasks to show (the monthly export takes the same filters). */
export class DashboardFilterDto {
  /** 牵头单位 code. */
  @Optional() @IsString() @Length(1, 64) leadUnit?: string;
  /** 类别, as the dashboard's facets name it. */
  @Optional() @IsString() @Length(1, 200) category?: string;
  @Optional() @IsIn(REPORTING_CODES) reporting?: (typeof REPORTING_CODES)[number];
  @Optional() @IsIn(PROGRESS_CODES) progress?: (typeof PROGRESS_CODES)[number];
  @Optional() @IsIn(LIGHT_CODES) light?: (typeof LIGHT_CODES)[number];
  /** Words in a task's code or title. */
  @Optional() @IsString() @Length(1, 100) search?: string;
}

export class DashboardQueryDto extends DashboardFilterDto {
  /** The moment the board is seen at (ISO 8601); now when absent. */
  @Optional() @IsISO8601({}, { message: 'asOf must be an ISO 8601 date-time / asOf 应为 ISO 8601 时间' }) asOf?: string;
}
