import { Injectable, StreamableFile, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { recordSecurityEvent } from '@ledger/accounts';
import { from, mergeMap, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { LedgerRuntime } from '../runtime';

/**
 * Every download (a handler answering a file) is an export and becomes a security event with
 * who, from where and what; the file is handed out only once that is recorded.
 */
@Injectable()
export class ExportEventsInterceptor implements NestInterceptor {
  constructor(private readonly runtime: LedgerRuntime) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return next.handle().pipe(
      mergeMap((result) => {
        if (!(result instanceof StreamableFile)) return [result];
        return from(
          recordSecurityEvent(this.runtime.pool, {
            kind: 'export',
            actorId: request.principal?.accountId ?? null,
            ip: request.ip ?? null,
            method: request.method,
            path: request.path,
            status: 200,
            detail: { query: Object.keys(request.query ?? {}).length > 0 ? request.originalUrl.split('?')[1]?.slice(0, 200) : undefined },
          }).then(() => result),
        );
      }),
    );
  }
}
