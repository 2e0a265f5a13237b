import { IsBoolean, IsIn, IsString, Length, Matches } from 'class-validator';
import { Nullable, Optional } from '../http/optional';
import { PageQueryDto } from '../http/paging';
import { ROLES, type Role } from '@ledger/domain';
import { MAX_PASSWORD_LENGTH, PHONE, USERNAME } from '@ledger/accounts';

export class CreateAccountDto {
  @IsString()
  @Matches(USERNAME, { message: 'username: lower-case letters, digits, . _ -, 2 to 32 characters / 用户名格式有误' })
  username!: string;
  @IsString() @Length(1, MAX_PASSWORD_LENGTH) password!: string;
  @IsIn(ROLES) role!: Role;
  @Optional() @IsString() @Length(1, 64) unitId?: string;
  @IsString() @Length(1, 64) displayName!: string;
  @Optional() @IsString() @Matches(PHONE, { message: 'phone: digits, spaces and dashes / 电话号码格式有误' }) phone?: string;
}

export class UpdateAccountDto {
  @Optional() @IsString() @Length(1, 64) displayName?: string;
  /** null erases the phone number. */
  @Optional()
  @Nullable()
  @IsString()
  @Matches(PHONE, { message: 'phone: digits, spaces and dashes / 电话号码格式有误' })
  phone?: string | null;
  @Optional() @IsIn(ROLES) role?: Role;
  @Optional() @Nullable() @IsString() @Length(1, 64) unitId?: string | null;
  @Optional() @IsBoolean() disabled?: boolean;
  @Optional() @IsBoolean() resetTotp?: boolean;
}

export class ResetPasswordDto {
  @IsString() @Length(1, MAX_PASSWORD_LENGTH) password!: string;
}

export class ListAccountsQueryDto extends PageQueryDto {
  @Optional() @IsIn(ROLES) role?: Role;
  @Optional() @IsString() @Length(1, 64) unitId?: string;
}

/** Filters of the security events list (newest first). */
export class ListSecurityEventsQueryDto extends PageQueryDto {
  @Optional()
  @IsString()
  @Matches(/^[a-z_]{1,40}$/, { message: 'kind: a security event kind, e.g. login_failed / 事件类型格式有误' })
  kind?: string;
  @Optional() @IsString() @Length(1, 64) actorId?: string;
}

export class RenameUnitDto {
  @IsString() @Length(1, 64) name!: string;
}
