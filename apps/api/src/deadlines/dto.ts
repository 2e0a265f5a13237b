import { IsString, Matches } from 'class-validator';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export class ReportingDeadlinesQueryDto {
  @IsString() @Matches(PERIOD, { message: 'period must be a month written YYYY-MM / 期间格式应为 YYYY-MM' }) period!: string;
}
