import { createHash } from 'node:crypto';
import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { canonicalJson } from '@ledger/canonical-json';
import type { Migration } from '@ledger/postgres';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { LedgerRuntime } from '../runtime';
import { Problem, toProblem } from './problem';

export const IDEMPOTENCY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'idempotency keys',
    sql: `
      create table idempotency_keys (
        principal text not null,
        key text not null,
        method text not null,
        path text not null,
        body_hash char(64) not null,
        status integer,
        response jsonb,
        created_at timestamptz not null default now(),
        completed_at timestamptz,
        primary key (principal, key)
      );
      create index idempotency_keys_created on idempotency_keys (created_at);
    `,
  },
];

/** Keys are remembered at least this long. */
export const IDEMPOTENCY_KEY_HOURS = 24;
const KEY = /^[\x21-\x7E]{1,128}$/;
// A first request still running after this long has died with its process; its key is free again.
const ABANDONED_AFTER_SECONDS = 120;
const WAIT_POLL_MS = 25;

export const SKIP_IDEMPOTENCY = Symbol('skip-idempotency');
/** For POSTs whose answers must never be stored or replayed (tokens, secrets). */
export const SkipIdempotency = () => SetMetadata(SKIP_IDEMPOTENCY, true);

interface StoredAnswer {
  status: number;
  response: { body: unknown; problem?: boolean } | null;
  body_hash: string;
  method: string;
  path: string;
  created_at: Date;
}

/**
 * `Idempotency-Key` on a POST: the first request with a key runs and its answer (status and
 * body, success or problem) is stored; a repeat with the same method, path and body gets that
 * answer again, a repeat with anything different gets 422. Concurrent repeats wait for the
 * first to finish, so twenty parallel requests with one key do the work once.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private lastCleanup = 0;

  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = request.headers['idempotency-key'];
    const skip = this.reflector.getAllAndOverride<boolean>(SKIP_IDEMPOTENCY, [context.getHandler(), context.getClass()]);
    if (request.method !== 'POST' || key === undefined || skip || !request.principal) return next.handle();
    return from(this.run(context, request, key, next));
  }

  private async run(
    context: ExecutionContext,
    request: AuthenticatedRequest,
    rawKey: string | string[],
    next: CallHandler,
  ): Promise<unknown> {
    const key = Array.isArray(rawKey) ? rawKey[0]! : rawKey;
    if (Array.isArray(rawKey) && rawKey.length > 1) throw invalidKey('send one Idempotency-Key header / 仅可发送一个幂等键');
    if (!KEY.test(key)) throw invalidKey('1 to 128 visible ASCII characters / 须为 1 至 128 个可见 ASCII 字符');
    const principal = request.principal!.accountId;
    const path = request.originalUrl.split('?')[0]!;
    const bodyHash = createHash('sha256')
      .update(canonicalJson(request.body ?? null))
      .digest('hex');
    await this.cleanup();

    const claimed = await this.runtime.pool.query(
      `insert into idempotency_keys (principal, key, method, path, body_hash) values ($1, $2, $3, $4, $5)
       on conflict (principal, key) do nothing`,
      [principal, key, request.method, path, bodyHash],
    );
    if (claimed.rowCount === 1) return this.first(context, principal, key, next);

    const stored = await this.completed(principal, key);
    if (stored === 'abandoned') {
      await this.runtime.pool.query(`delete from idempotency_keys where principal = $1 and key = $2 and status is null`, [principal, key]);
      return this.run(context, request, rawKey, next);
    }
    if (stored.body_hash !== bodyHash || stored.method !== request.method || stored.path !== path) {
      throw new Problem(
        422,
        'Unprocessable Content / 无法处理',
        'this Idempotency-Key was used for a different request / 该幂等键已用于另一个请求',
        [{ field: 'Idempotency-Key', message: 'reused with a different method, path or body / 幂等键与请求内容不符' }],
      );
    }
    context.switchToHttp().getResponse<Response>().setHeader('idempotent-replayed', 'true');
    const answer = stored.response!;
    if (answer.problem) {
      const problem = answer.body as { status: number; title: string; detail: string; errors: [] };
      throw new Problem(problem.status, problem.title, problem.detail, problem.errors);
    }
    return answer.body;
  }

  private async first(context: ExecutionContext, principal: string, key: string, next: CallHandler): Promise<unknown> {
    // Nest sets the route's status after the interceptors; the stored one is the route's.
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.store(principal, key, status, { body: body ?? null });
      return body;
    } catch (error) {
      const problem = toProblem(error);
      // A failure of ours (5xx) is not an answer: the key is freed so a retry can run.
      if (problem.status >= 500)
        await this.runtime.pool.query(`delete from idempotency_keys where principal = $1 and key = $2`, [principal, key]);
      else await this.store(principal, key, problem.status, { body: problem, problem: true });
      throw error;
    }
  }

  private async store(principal: string, key: string, status: number, response: StoredAnswer['response']): Promise<void> {
    await this.runtime.pool.query(
      `update idempotency_keys set status = $3, response = $4, completed_at = now() where principal = $1 and key = $2`,
      [principal, key, status, JSON.stringify(response)],
    );
  }

  /** The stored answer, waiting while the first request with the key still runs. */
  private async completed(principal: string, key: string): Promise<StoredAnswer | 'abandoned'> {
    for (;;) {
      const found = await this.runtime.pool.query<StoredAnswer & { age: number }>(
        `select status, response, body_hash, method, path, created_at, extract(epoch from now() - created_at) as age
         from idempotency_keys where principal = $1 and key = $2`,
        [principal, key],
      );
      const row = found.rows[0];
      if (!row) return 'abandoned';
      if (row.status !== null) return row;
      if (row.age > ABANDONED_AFTER_SECONDS) return 'abandoned';
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
  }

  /** Forgets keys older than the retention, at most once a minute per process. */
  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    await this.runtime.pool.query(`delete from idempotency_keys where created_at < now() - make_interval(hours => $1)`, [
      IDEMPOTENCY_KEY_HOURS * 2,
    ]);
  }
}

function invalidKey(message: string): Problem {
  return new Problem(400, 'Bad Request / 请求有误', `Idempotency-Key: ${message}`, [{ field: 'Idempotency-Key', message }]);
}
