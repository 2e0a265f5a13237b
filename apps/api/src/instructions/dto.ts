import { PageQueryDto } from '../http/paging';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';

/** 领导批示 on a task or a notice (one of them is enough: a notice names its task), attributed to a role of the task force. */
export class RecordInstructionDto {
  @IsOptional() @IsString() @Length(1, 128) taskId?: string;
  @IsOptional() @IsString() @Length(1, 200) noticeId?: string;
  /** 召集人 or 副召集人, as the plan's task force names them. */
  @IsIn(['convener', 'deputy_convener']) by!: 'convener' | 'deputy_convener';
  /** The unit of the position, when the plan has several in the role (副召集人). */
  @IsOptional() @IsString() @Length(1, 64) byUnit?: string;
  @IsString() @Length(1, 2000) text!: string;
}

/** 落实情况. */
export class InstructionReportDto {
  @IsString() @Length(1, 2000) text!: string;
  /** 佐证材料: ids of the unit's uploads (POST /api/attachments). */
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true }) attachments?: string[];
}

export class ListInstructionsQueryDto extends PageQueryDto {
  @IsOptional() @IsString() @Length(1, 128) taskId?: string;
  @IsOptional() @IsString() @Length(1, 200) noticeId?: string;
  @IsOptional() @IsIn(['recorded', 'acknowledged', 'reported']) status?: string;
}
