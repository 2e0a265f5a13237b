import { IsIn, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Optional } from '../http/optional';
import { PageQueryDto } from '../http/paging';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** 延期申请: a period's report or a notice's response (exactly one), the day asked for, and why. */
export class RequestExtensionDto {
  @IsString() @Length(1, 128) taskId!: string;
  @Optional() @IsString() @Matches(PERIOD, { message: 'period must be a month written YYYY-MM / 期间格式应为 YYYY-MM' }) period?: string;
  @Optional() @IsString() @Length(1, 200) noticeId?: string;
  @IsString() @Matches(DAY, { message: 'until must be a day written YYYY-MM-DD / 日期格式应为 YYYY-MM-DD' }) until!: string;
  @IsString() @Length(1, 2000) reason!: string;
}

export class ApproveExtensionDto {
  @Optional() @IsString() @MaxLength(2000) comment?: string;
}

export class RefuseExtensionDto {
  @IsString() @Length(1, 2000) reason!: string;
}

export class ListExtensionsQueryDto extends PageQueryDto {
  @Optional() @IsString() @Length(1, 128) taskId?: string;
  @Optional() @IsIn(['requested', 'approved', 'refused']) status?: string;
  @Optional() @IsString() @Length(1, 64) unitId?: string;
}
