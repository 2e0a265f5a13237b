import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '@ledger/domain';

/** The signed-in account, as the access token states it. */
export interface Principal {
  accountId: string;
  username: string;
  role: Role;
  unitId: string | null;
}

export function actorOf(principal: Principal): Actor {
  return { actorId: principal.accountId, role: principal.role, unitId: principal.unitId };
}

export const PUBLIC = Symbol('public');
export const ROLES = Symbol('roles');

/** No token needed (login, health). */
export const Public = () => SetMetadata(PUBLIC, true);

/** Only these roles may call the endpoint; the rest get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
