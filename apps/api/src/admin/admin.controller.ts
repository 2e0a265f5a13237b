import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { sendPage } from '../http/paging';
import { Problem } from '../http/problem';
import {
  CreateAccount,
  EraseAccount,
  GetAccount,
  ListAccounts,
  ListSecurityEvents,
  ListAdminUnits,
  LookUpAccount,
  RenameUnit,
  ResetPassword,
  UnlockAccount,
  UpdateAccount,
} from './commands';
import {
  CreateAccountDto,
  ListAccountsQueryDto,
  ListSecurityEventsQueryDto,
  RenameUnitDto,
  ResetPasswordDto,
  UpdateAccountDto,
} from './dto';

const accountId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new Problem(400, 'Bad Request / 请求有误', 'the account id must be a uuid / 账号编号格式错误', [
      { field: 'id', message: 'must be a uuid / 须为 UUID' },
    ]),
});

const UNIT_CODE = /^[a-z][a-z0-9-]{1,30}$/;

/** Accounts and units, administered by the admin; auditors may read (phones masked). */
@Controller('api/admin')
export class AdminController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('accounts')
  @Roles('admin', 'auditor')
  async list(
    @CurrentPrincipal() reader: Principal,
    @Query() filter: ListAccountsQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return sendPage(request, response, await this.queries.execute(new ListAccounts(reader, filter)));
  }

  /** Sign-ins, refusals, exports and account changes, newest first, a page at a time. */
  @Get('security-events')
  @Roles('admin', 'auditor')
  async securityEvents(
    @Query() filter: ListSecurityEventsQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return sendPage(request, response, await this.queries.execute(new ListSecurityEvents(filter)));
  }

  @Post('accounts')
  @Roles('admin')
  create(@CurrentPrincipal() admin: Principal, @Body() body: CreateAccountDto) {
    return this.commands.execute(new CreateAccount(admin, body));
  }

  @Get('accounts/:id')
  @Roles('admin', 'auditor')
  get(@CurrentPrincipal() reader: Principal, @Param('id', accountId) id: string) {
    return this.queries.execute(new GetAccount(reader, id));
  }

  @Patch('accounts/:id')
  @Roles('admin')
  update(@CurrentPrincipal() admin: Principal, @Param('id', accountId) id: string, @Body() body: UpdateAccountDto) {
    return this.commands.execute(new UpdateAccount(admin, id, body));
  }

  @Post('accounts/:id/reset-password')
  @HttpCode(200)
  @Roles('admin')
  resetPassword(@CurrentPrincipal() admin: Principal, @Param('id', accountId) id: string, @Body() body: ResetPasswordDto) {
    return this.commands.execute(new ResetPassword(admin, id, body.password));
  }

  @Post('accounts/:id/disable')
  @HttpCode(200)
  @Roles('admin')
  disable(@CurrentPrincipal() admin: Principal, @Param('id', accountId) id: string) {
    return this.commands.execute(new UpdateAccount(admin, id, { disabled: true }));
  }

  /** Ends an account's sign-in back-off now (a security event); otherwise a lock ends by itself. */
  @Post('accounts/:id/unlock')
  @HttpCode(200)
  @Roles('admin')
  unlock(@CurrentPrincipal() admin: Principal, @Param('id', accountId) id: string) {
    return this.commands.execute(new UnlockAccount(admin, id));
  }

  @Delete('accounts/:id')
  @HttpCode(204)
  @Roles('admin')
  async erase(@CurrentPrincipal() admin: Principal, @Param('id', accountId) id: string): Promise<void> {
    await this.commands.execute(new EraseAccount(admin, id));
  }

  @Get('units')
  @Roles('admin', 'auditor')
  units() {
    return this.queries.execute(new ListAdminUnits());
  }

  @Patch('units/:id')
  @Roles('admin')
  renameUnit(@CurrentPrincipal() admin: Principal, @Param('id') id: string, @Body() body: RenameUnitDto) {
    if (!UNIT_CODE.test(id))
      throw new Problem(400, 'Bad Request / 请求有误', 'the unit id is a unit code / 单位编号格式错误', [
        { field: 'id', message: 'must be a unit code / 须为单位编码' },
      ]);
    return this.commands.execute(new RenameUnit(admin, id, body.name));
  }
}

/** The account directory as everyone signed in may read it: names, with phones masked except for the admin. */
@Controller('api/accounts')
export class DirectoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  lookUp(@CurrentPrincipal() reader: Principal, @Param('id', accountId) id: string) {
    return this.queries.execute(new LookUpAccount(reader, id));
  }
}
