import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@ledger/domain';
import { Problem } from '../http/problem';
import { PUBLIC, ROLES, type Principal } from './principal';
import { AccessTokens } from './tokens';

/** Every endpoint needs a valid Bearer token unless marked @Public(), and a listed role if @Roles() says so. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/.exec(header);
    const principal = match ? await this.tokens.verify(match[1]!) : undefined;
    if (!principal) throw new Problem(401, 'Unauthorized / 未登录或登录已失效', 'a valid Bearer access token is required / 需要有效的访问令牌');
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new Problem(403, 'Forbidden / 无权操作', `role ${principal.role} may not do this / 当前角色无此权限`);
    }
    return true;
  }
}
