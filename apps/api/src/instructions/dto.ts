import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, Length } from 'class-validator';
import { Optional } from '../http/optional';
import { PageQueryDto } from '../http/paging';

/** 领导批示 on a task or a notice (one of them is enough: a notice names its task), attributed to a role of the task force. */
export class RecordInstructionDto {
  @Optional() @IsString() @Length(1, 128) taskId?: string;
  @Optional() @IsString() @Length(1, 200) noticeId?: string;
  /** 召集人 or 副召集人, as the plan's task force names them. */
  @IsIn(['convener', 'deputy_convener']) by!: 'convener' | 'deputy_convener';
  /** The unit of the position, when the plan has several in the role (副召集人). */
  @Optional() @IsString() @Length(1, 64) byUnit?: string;
  @IsString() @Length(1, 2000) text!: string;
}

/** 落实情况. */
export class InstructionReportDto {
  @IsString() @Length(1, 2000) text!: string;
  /** 佐证材料: ids of the unit's uploads (POST /api/attachments). */
  @Optional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true }) attachments?: string[];
}

export class ListInstructionsQueryDto extends PageQueryDto {
  @Optional() @IsString() @Length(1, 128) taskId?: string;
  @Optional() @IsString() @Length(1, 200) noticeId?: string;
  @Optional() @IsIn(['recorded', 'acknowledged', 'reported']) status?: string;
}
