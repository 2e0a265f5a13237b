import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { Optional } from '../http/optional';
import { PageQueryDto } from '../http/paging';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = 'must be a day written YYYY-MM-DD / 日期格式应为 YYYY-MM-DD';

/** 督办单 issued by hand: the task, its colour, the matter and the day an answer is due. */
export class IssueNoticeDto {
  @IsString() @Length(1, 128) taskId!: string;
  @IsIn(['blue', 'yellow', 'red']) level!: 'blue' | 'yellow' | 'red';
  @IsString() @Length(1, 2000) matter!: string;
  @IsString() @Matches(DAY, { message: `dueDate ${DAY_MESSAGE}` }) dueDate!: string;
  /** The lead units it goes to; every lead unit of the task when absent. */
  @Optional() @IsArray() @ArrayMaxSize(4) @IsString({ each: true }) @Length(1, 64, { each: true }) unitIds?: string[];
}

/** 整改反馈. */
export class RespondNoticeDto {
  @IsString() @Length(1, 2000) measures!: string;
  @IsString() @Matches(DAY, { message: `expectedBy ${DAY_MESSAGE}` }) expectedBy!: string;
  @Optional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 128, { each: true }) evidence?: string[];
  /** 佐证材料: ids of the unit's uploads (POST /api/attachments). */
  @Optional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true }) attachments?: string[];
}

export class NoticeReasonDto {
  @IsString() @Length(1, 2000) reason!: string;
}

export class NoticeCommentDto {
  @Optional() @IsString() @MaxLength(2000) comment?: string;
}

export class ListNoticesQueryDto extends PageQueryDto {
  @Optional() @IsIn(['issued', 'acknowledged', 'responded', 'returned', 'closed', 'open']) status?: string;
  @Optional() @IsIn(['blue', 'yellow', 'red']) level?: string;
  @Optional() @IsString() @Length(1, 64) unitId?: string;
  @Optional() @IsString() @Length(1, 128) taskId?: string;
}
