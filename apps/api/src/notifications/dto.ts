import { IsIn, IsInt, Max, Min } from 'class-validator';
import { Optional } from '../http/optional';
import { Type } from 'class-transformer';

export class ListNotificationsQueryDto {
  /** `true`: only what the reader has not read yet. */
  @Optional() @IsIn(['true', 'false'], { message: 'unread is true or false / unread 只能为 true 或 false' }) unread?: 'true' | 'false';
  @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}
