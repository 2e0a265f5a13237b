import { createHash, randomUUID } from 'node:crypto';
import {
  createParamDecorator,
  Injectable,
  Logger,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { addLogContext } from '@ledger/observability';
import type { Response } from 'express';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { canonicalJson } from '@ledger/canonical-json';
import { nameBasedEventId } from '@ledger/event-store';
import type { Migration } from '@ledger/postgres';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { LedgerRuntime } from '../runtime';
import { hostileInputErrors } from './hostile-input';
import { Problem, toProblem, type ProblemBody } from './problem';
import { badRequest } from './validation';

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
  {
    version: 2,
    name: 'idempotency leases, answers as text',
    // A lease instead of a fixed wait: the running request renews it, a crashed one lets it lapse.
    // Answers are JSON text: jsonb refuses \u0000, text holds JSON's escape of it.
    sql: `
      alter table idempotency_keys add column lease_until timestamptz;
      alter table idempotency_keys alter column response type text using response::text;
    `,
  },
];

/** Keys are remembered at least this long. */
export const IDEMPOTENCY_KEY_HOURS = 24;
const KEY = /^[\x21-\x7E]{1,128}$/;
/**
 * A first request holds its key for this long and renews the hold while it runs; a process that
 * died lets it lapse, and a retry after that runs the request again (with the same correlation
 * id, so it reaches what the first attempt started instead of starting something new).
 */
export const IDEMPOTENCY_LEASE_SECONDS = 10;
const RENEW_EVERY_MS = (IDEMPOTENCY_LEASE_SECONDS * 1000) / 3;
// Rows claimed before leases existed: held for the two minutes they were then.
const LEASE_OF_ROW = `coalesce(k.lease_until, k.created_at + interval '120 seconds')`;

export const SKIP_IDEMPOTENCY = Symbol('skip-idempotency');
/** For POSTs whose answers must never be stored or replayed (tokens, secrets). */
export const SkipIdempotency = () => SetMetadata(SKIP_IDEMPOTENCY, true);

interface Answer {
  body: unknown;
  problem?: boolean;
  headers?: Record<string, string>;
}

interface KeyRow {
  status: number | null;
  response: string | null;
  body_hash: string;
  method: string;
  path: string;
  lease_left: number;
}

/** The request as its key row remembers it: method, path and a hash of the canonical body. */
function requestOf(request: AuthenticatedRequest): { method: string; path: string; bodyHash: string } {
  return {
    method: request.method,
    path: request.originalUrl.split('?')[0]!,
    bodyHash: createHash('sha256')
      .update(canonicalJson(request.body ?? null))
      .digest('hex'),
  };
}

/**
 * The correlation id of a request: with an Idempotency-Key a function of the account, the key
 * and the request itself, so every attempt of one request (a retry after a crash included)
 * carries the same id and the document it creates is found again, while a key reused for
 * another request after it was forgotten names something else; without a key a fresh one.
 */
export function requestCorrelationId(request: AuthenticatedRequest): string {
  const raw = request.headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  const principal = request.principal?.accountId;
  if (!principal || key === undefined || !KEY.test(key)) return randomUUID();
  const { method, path, bodyHash } = requestOf(request);
  return nameBasedEventId(`idempotency-key/${principal}/${key}/${method} ${path}/${bodyHash}`);
}

/** The request's correlation id (see requestCorrelationId), for handlers that create a document or act on one. */
export const CorrelationId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const correlationId = requestCorrelationId(context.switchToHttp().getRequest<AuthenticatedRequest>());
  // The rest of the request's log lines name it, so they can be matched with its events and workflow.
  addLogContext({ correlationId });
  return correlationId;
});

/**
 * `Idempotency-Key` on a POST: the first request with a key runs and its answer (status and
 * body, success or problem) is stored; a repeat with the same method, path and body gets that
 * answer again, a repeat with anything different gets 422. A repeat while the first still runs
 * gets 409 with Retry-After at once (draft-ietf-httpapi-idempotency-key-header), so twenty
 * parallel requests with one key do the work once and none of them hangs.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private lastCleanup = 0;
  private readonly logger = new Logger('idempotency');

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
    // What no endpoint accepts is refused before the key is claimed: such a request never runs,
    // so there is nothing to remember, and its field names (a NUL …) never reach the table.
    const hostile = hostileInputErrors(request.body ?? null);
    if (hostile.length > 0) throw badRequest(hostile);
    const principal = request.principal!.accountId;
    const { path, bodyHash } = requestOf(request);
    await this.cleanup();

    // A new key is claimed; so is one whose first attempt died (no answer, lease lapsed) with the same request.
    const claimed = await this.runtime.pool.query(
      `insert into idempotency_keys as k (principal, key, method, path, body_hash, lease_until)
       values ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
       on conflict (principal, key) do update set lease_until = excluded.lease_until
       where k.status is null and ${LEASE_OF_ROW} < now()
         and k.method = excluded.method and k.path = excluded.path and k.body_hash = excluded.body_hash`,
      [principal, key, request.method, path, bodyHash, IDEMPOTENCY_LEASE_SECONDS],
    );
    if (claimed.rowCount === 1) return this.first(context, principal, key, next);

    const found = await this.runtime.pool.query<KeyRow>(
      `select status, response, body_hash, method, path,
              ceil(extract(epoch from ${LEASE_OF_ROW} - now()))::int as lease_left
       from idempotency_keys k where principal = $1 and key = $2`,
      [principal, key],
    );
    const stored = found.rows[0];
    // Released by a failed first attempt between our two statements: claim it afresh.
    if (!stored) return this.run(context, request, rawKey, next);
    if (stored.body_hash !== bodyHash || stored.method !== request.method || stored.path !== path) {
      throw new Problem(
        422,
        'Unprocessable Content / 无法处理',
        'this Idempotency-Key was used for a different request / 该幂等键已用于另一个请求',
        [{ field: 'Idempotency-Key', message: 'reused with a different method, path or body / 幂等键与请求内容不符' }],
      );
    }
    if (stored.status === null || stored.response === null) {
      // Its lease lapsed between our two statements: claim it.
      if (stored.lease_left <= 0) return this.run(context, request, rawKey, next);
      throw new Problem(
        409,
        'Conflict / 状态冲突',
        'a request with this Idempotency-Key is still in progress; retry after the time given / 使用该幂等键的请求仍在处理中，请稍后重试',
        [{ field: 'Idempotency-Key', message: 'in progress / 处理中' }],
        { 'Retry-After': String(stored.lease_left) },
      );
    }
    context.switchToHttp().getResponse<Response>().setHeader('idempotent-replayed', 'true');
    const answer = JSON.parse(stored.response) as Answer;
    if (answer.problem) {
      const problem = answer.body as ProblemBody;
      throw new Problem(problem.status, problem.title, problem.detail, problem.errors, answer.headers);
    }
    return answer.body;
  }

  private async first(context: ExecutionContext, principal: string, key: string, next: CallHandler): Promise<unknown> {
    // Nest sets the route's status after the interceptors; the stored one is the route's.
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    const renewal = setInterval(() => void this.renew(principal, key), RENEW_EVERY_MS);
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      clearInterval(renewal);
      // The work is done whether or not its answer can be kept: answer it either way.
      await this.store(principal, key, status, { body: body ?? null });
      return body;
    } catch (error) {
      clearInterval(renewal);
      const problem = toProblem(error);
      // A failure of ours (5xx) is not an answer: the key is freed so a retry can run.
      if (problem.status >= 500) await this.release(principal, key);
      else
        await this.store(principal, key, problem.status, {
          body: problem,
          problem: true,
          headers: error instanceof Problem ? error.headers : {},
        });
      throw error;
    }
  }

  /** Keeps the answer; if that fails the key is released, so a retry runs again instead of waiting. */
  private async store(principal: string, key: string, status: number, response: Answer): Promise<void> {
    try {
      await this.runtime.pool.query(
        `update idempotency_keys set status = $3, response = $4, completed_at = now() where principal = $1 and key = $2`,
        [principal, key, status, JSON.stringify(response)],
      );
    } catch (error) {
      this.logger.warn(`answer not stored, key released: ${(error as Error).message}`);
      await this.release(principal, key);
    }
  }

  private async release(principal: string, key: string): Promise<void> {
    // If even this fails (the database is gone), the lease lapses on its own.
    await this.runtime.pool
      .query(`delete from idempotency_keys where principal = $1 and key = $2 and status is null`, [principal, key])
      .catch((error: Error) => this.logger.warn(`key not released: ${error.message}`));
  }

  private async renew(principal: string, key: string): Promise<void> {
    await this.runtime.pool
      .query(
        `update idempotency_keys set lease_until = now() + make_interval(secs => $3)
         where principal = $1 and key = $2 and status is null`,
        [principal, key, IDEMPOTENCY_LEASE_SECONDS],
      )
      .catch((error: Error) => this.logger.warn(`lease not renewed: ${error.message}`));
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
