import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

/** 督查通报 of a month of the plan's year: drafted (again) from the figures as of the period's deadline. */
export class DraftBulletinDto {
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be a month written YYYY-MM / 期间格式应为 YYYY-MM' })
  period!: string;
}

/** 通报意见: the whole commentary, replacing what was there (empty clears it). */
export class BulletinCommentaryDto {
  @IsString() @MaxLength(5000) text!: string;
}

export class ListBulletinsQueryDto {
  @IsOptional() @IsString() @Length(1, 128) planId?: string;
}
