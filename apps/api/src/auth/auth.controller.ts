import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { IsString, Length, Matches, MaxLength } from 'class-validator';
import { Optional } from '../http/optional';
import { AccountRow } from '@ledger/accounts';
import { SkipIdempotency } from '../http/idempotency';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { AuthGuard, type AuthenticatedRequest } from './auth.guard';
import { CurrentPrincipal, Public, type Principal } from './principal';
import { SignIn, type Origin, type Session, type SessionUser, type SignInAnswer, type TotpEnrolment } from './sign-in';

export class LoginDto {
  @IsString() @Length(1, 64) username!: string;
  @IsString() @Length(1, 256) password!: string;
}

export class TotpDto {
  @IsString() @Length(10, 4096) challenge!: string;
  @IsString() @Matches(/^\d{6}$/, { message: 'code must be the 6 digits of the authenticator app / 动态验证码为 6 位数字' }) code!: string;
}

export class RefreshDto {
  @IsString() @Length(16, 256) refreshToken!: string;
}

export class LogoutDto {
  @Optional() @IsString() @Length(16, 256) refreshToken?: string;
}

export class EnrolDto {
  /** The challenge of a sign-in that requires a first enrolment; without it, a Bearer token. */
  @Optional() @IsString() @MaxLength(4096) challenge?: string;
  /** To replace an enrolled factor: a current code of it … */
  @Optional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits of the authenticator app / 动态验证码为 6 位数字' })
  code?: string;
  /** … or the account's password. */
  @Optional() @IsString() @Length(1, 256) password?: string;
}

export class ConfirmEnrolmentDto {
  @Optional() @IsString() @MaxLength(4096) challenge?: string;
  @IsString() @Matches(/^\d{6}$/, { message: 'code must be the 6 digits of the authenticator app / 动态验证码为 6 位数字' }) code!: string;
}

/** The signed-in account (`GET /api/auth/me`): its session's user, and whether it has a second factor. */
export interface SignedInAccount extends SessionUser {
  totpEnabled: boolean;
}

/** An enrolment confirmed with a Bearer token (no sign-in challenge): nothing more to hand out. */
export interface TotpEnabled {
  totpEnabled: true;
}

/** What confirming an enrolment answers: a session when it finished a sign-in (challenge), else only that it took. */
export type EnrolmentConfirmed = Session | TotpEnabled;

const originOf = (request: AuthenticatedRequest): Origin => ({ ip: request.ip ?? 'unknown', method: request.method, path: request.path });

@Controller('api/auth')
@SkipIdempotency()
export class AuthController {
  constructor(
    private readonly signIn: SignIn,
    private readonly guard: AuthGuard,
    private readonly runtime: LedgerRuntime,
  ) {}

  /** Password sign-in: a session, or `{totpRequired, challenge}` when a second factor is needed. */
  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() body: LoginDto, @Req() request: AuthenticatedRequest): Promise<SignInAnswer> {
    return this.signIn.withPassword(body.username, body.password, originOf(request));
  }

  /** The second step: the challenge of `login` and a current TOTP code. */
  @Public()
  @Post('totp')
  @HttpCode(200)
  totp(@Body() body: TotpDto, @Req() request: AuthenticatedRequest): Promise<Session> {
    return this.signIn.withCode(body.challenge, body.code, originOf(request));
  }

  /** A new access token and a new refresh token for a refresh token, which is spent. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() body: RefreshDto, @Req() request: AuthenticatedRequest): Promise<Session> {
    return this.signIn.refresh(body.refreshToken, originOf(request));
  }

  /** Signs out: this access token is refused from now on, and the refresh token (if given) revoked. */
  @Post('logout')
  @HttpCode(204)
  async logout(@Body() body: LogoutDto, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.signIn.logout(request.access!, body.refreshToken, originOf(request));
  }

  @Get('me')
  async me(@CurrentPrincipal() principal: Principal): Promise<SignedInAccount> {
    const account = await this.runtime.dataSource.getRepository(AccountRow).findOneByOrFail({ id: principal.accountId });
    return {
      id: account.id,
      username: account.username,
      role: account.role,
      unitId: account.unitId,
      displayName: account.displayName,
      totpEnabled: account.totpSecret !== null,
    };
  }

  /**
   * Starts enrolment of a TOTP second factor: a secret and its otpauth:// URL for the authenticator
   * app. Replacing an enrolled factor needs a current code of it or the password besides the token.
   */
  @Public()
  @Post('totp/enroll')
  @HttpCode(200)
  async enrol(@Body() body: EnrolDto, @Req() request: AuthenticatedRequest): Promise<TotpEnrolment> {
    return this.signIn.enrol(await this.enrollingAccount(body.challenge, request), originOf(request), {
      code: body.code,
      password: body.password,
    });
  }

  /**
   * Confirms enrolment with a code of the new secret. With a sign-in challenge it also
   * completes that sign-in and answers a session.
   */
  @Public()
  @Post('totp/confirm')
  @HttpCode(200)
  async confirm(@Body() body: ConfirmEnrolmentDto, @Req() request: AuthenticatedRequest): Promise<EnrolmentConfirmed> {
    if (body.challenge !== undefined) return this.signIn.confirmWithChallenge(body.challenge, body.code, originOf(request));
    const principal = await this.guard.authenticate(request);
    await this.signIn.confirmEnrolment(principal.accountId, body.code, originOf(request));
    return { totpEnabled: true } as const;
  }

  /** Signed in (Bearer), or half-way through a first sign-in that requires enrolment (challenge). */
  private async enrollingAccount(challenge: string | undefined, request: AuthenticatedRequest): Promise<string> {
    if (challenge === undefined) return (await this.guard.authenticate(request)).accountId;
    const account = await this.signIn.challengedAccount(challenge);
    if (account.totpSecret !== null) {
      throw new Problem(409, 'Conflict / 状态冲突', 'a second factor is enrolled already; sign in with it / 已绑定动态验证码');
    }
    return account.id;
  }
}
