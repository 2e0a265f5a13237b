import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';

export class ListNotificationsQueryDto {
  /** `true`: only what the reader has not read yet. */
  @IsOptional() @IsIn(['true', 'false'], { message: 'unread is true or false / unread 只能为 true 或 false' }) unread?: 'true' | 'false';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}
