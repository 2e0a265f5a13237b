import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { IsString, Length } from 'class-validator';
import { verifyPassword, AccountRow } from '@ledger/accounts';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { Public } from './principal';
import { AccessTokens } from './tokens';

export class LoginDto {
  @IsString() @Length(1, 64) username!: string;
  @IsString() @Length(1, 256) password!: string;
}

// Compared against when the username is unknown, so both failures take the same time.
const UNKNOWN_USER_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0l7V2HxbqIVgL5UwQ3YfYeFzPx2w8Xj3c1lO0Xe8n2A';

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly tokens: AccessTokens,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto) {
    const account = await this.runtime.dataSource.getRepository(AccountRow).findOneBy({ username: body.username });
    const valid = await verifyPassword(account?.passwordHash ?? UNKNOWN_USER_HASH, body.password);
    if (!account || !valid) throw new Problem(401, 'Unauthorized / 登录失败', 'wrong username or password / 用户名或密码错误');
    const principal = { accountId: account.id, username: account.username, role: account.role, unitId: account.unitId };
    return { accessToken: await this.tokens.issue(principal), user: { username: account.username, role: account.role, unitId: account.unitId } };
  }
}
