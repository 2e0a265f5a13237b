import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Optional } from '../http/optional';
import { PageQueryDto } from '../http/paging';
import { MAX_URGE_MESSAGE } from '@ledger/domain';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const PERIOD_MESSAGE = 'period must be a month written YYYY-MM / 期间格式应为 YYYY-MM';

/** 催报 in one action: the tasks picked on the dashboard, the period they have not reported. */
export class UrgeTasksDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @IsString({ each: true }) @Length(1, 128, { each: true }) taskIds!: string[];
  @IsString() @Matches(PERIOD, { message: PERIOD_MESSAGE }) period!: string;
  @Optional() @IsString() @MaxLength(MAX_URGE_MESSAGE) message?: string;
}

export class ListUrgesQueryDto extends PageQueryDto {
  @Optional() @IsString() @Matches(PERIOD, { message: PERIOD_MESSAGE }) period?: string;
  @Optional() @IsString() @Length(1, 64) unitId?: string;
  @Optional() @IsIn(['urged', 'acknowledged']) status?: string;
  @Optional() @IsString() @Length(1, 128) taskId?: string;
}
