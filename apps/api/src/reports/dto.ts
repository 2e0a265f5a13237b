import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNumber, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';

export class IndicatorValueDto {
  @IsString() @Length(1, 64) indicatorId!: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) value!: number;
}

export class SubmitReportDto {
  @IsString() @Length(1, 128) taskId!: string;
  @IsString() @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be a month written YYYY-MM / 期间格式应为 YYYY-MM' }) period!: string;
  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => IndicatorValueDto) values!: IndicatorValueDto[];
  @IsString() @MaxLength(10_000) narrative!: string;
}

export class ResubmitReportDto {
  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => IndicatorValueDto) values!: IndicatorValueDto[];
  @IsString() @MaxLength(10_000) narrative!: string;
}

export class ApproveReportDto {
  @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class RejectReportDto {
  @IsString() @Length(1, 2000) reason!: string;
}
