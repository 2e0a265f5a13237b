import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../http/optional';
import { PageQueryDto } from '../http/paging';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const PERIOD_MESSAGE = 'period must be a month written YYYY-MM / 期间格式应为 YYYY-MM';

export class IndicatorValueDto {
  @IsString() @Length(1, 64) indicatorId!: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) value!: number;
  @Optional() @IsString() @MaxLength(2000) explanation?: string;
  /** The unit confirms a value the plausibility rule questions (far above the target, a jump out of line). */
  @Optional() @IsBoolean() confirmedImplausible?: boolean;
}

export class SubmitReportDto {
  @IsString() @Length(1, 128) taskId!: string;
  @IsString() @Matches(PERIOD, { message: PERIOD_MESSAGE }) period!: string;
  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => IndicatorValueDto) values!: IndicatorValueDto[];
  @IsString() @MaxLength(10_000) narrative!: string;
  /** 佐证材料: ids of the unit's uploads (POST /api/attachments). */
  @Optional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true }) attachments?: string[];
}

export class ResubmitReportDto {
  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => IndicatorValueDto) values!: IndicatorValueDto[];
  @IsString() @MaxLength(10_000) narrative!: string;
  /** The revision's evidence, all of it: what the previous revision had is not carried over. */
  @Optional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true }) attachments?: string[];
}

export class CommentDto {
  @Optional() @IsString() @MaxLength(2000) comment?: string;
}

export class ReasonDto {
  @IsString() @Length(1, 2000) reason!: string;
}

export class ReturnReportDto {
  @IsString() @Length(1, 64) toStage!: string;
  @IsString() @Length(1, 2000) reason!: string;
}

export class WithdrawReportDto {
  @Optional() @IsString() @MaxLength(2000) reason?: string;
}

export class UrgeReportDto {
  @Optional() @IsString() @MaxLength(2000) message?: string;
}

export class AcknowledgeUrgeDto {
  @IsString() @Length(1, 64) urgeId!: string;
}

export class HandOverDto {
  /** The account that takes over (转办) or acts on the caller's behalf (委托). */
  @IsString() @Length(1, 64) toUsername!: string;
}

export class ListReportsQueryDto extends PageQueryDto {
  @Optional() @IsString() @Length(1, 128) taskId?: string;
  @Optional() @IsString() @Matches(PERIOD, { message: PERIOD_MESSAGE }) period?: string;
  @Optional() @IsIn(['in_review', 'returned', 'withdrawn', 'signed_off']) status?: string;
  @Optional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() mine?: boolean;
}
