import { ArgumentsHost, Catch, HttpException, HttpStatus, Injectable, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { recordSecurityEvent } from '@ledger/accounts';
import type { Principal } from '../auth/principal';
import { LedgerRuntime } from '../runtime';
import { backendDown, type Backend } from './outage';
import { codeOfStatus, type ProblemCode } from './problem-codes';

export { codeOfStatus, EXTRA_PROBLEM_CODES, STATUS_CODES, type ProblemCode } from './problem-codes';

export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem: the status, a code, a title, what went wrong, and which fields. */
export class Problem extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    /** Response headers that belong to the answer, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
    readonly code: ProblemCode = codeOfStatus(status),
  ) {
    super({ title, detail, errors }, status);
  }
}

export interface ProblemBody {
  type: string;
  code: ProblemCode;
  title: string;
  status: number;
  detail: string;
  errors: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request / 请求有误',
  401: 'Unauthorized / 未登录或登录已失效',
  403: 'Forbidden / 无权操作',
  404: 'Not Found / 未找到',
  405: 'Method Not Allowed / 不支持的请求方法',
  409: 'Conflict / 状态冲突',
  413: 'Payload Too Large / 请求过大',
  415: 'Unsupported Media Type / 不支持的内容类型',
  422: 'Unprocessable Content / 无法处理',
  429: 'Too Many Requests / 请求过于频繁',
  503: 'Service Unavailable / 服务不可用',
};

const DETAILS: Record<number, string> = {
  404: 'no such resource / 资源不存在',
  413: 'the request body is larger than 256 KB / 请求体超过 256 KB',
  429: 'too many requests; slow down and retry later / 请求过于频繁，请稍后再试',
};

/** Seconds a client is asked to wait when a backend is down: a restart of either takes about that long. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

const DOWN: Record<Backend, string> = {
  database: 'the database (PostgreSQL) is unavailable; retry later / 数据库暂不可用，请稍后重试',
  temporal: 'the workflow service (Temporal) is unavailable; retry later / 流程服务（Temporal）暂不可用，请稍后重试',
};

/** A failed connection to PostgreSQL or Temporal as the 503 it is, naming what is down; otherwise the error itself. */
export function withOutage(exception: unknown): unknown {
  if (exception instanceof HttpException) return exception;
  const down = backendDown(exception);
  if (!down) return exception;
  return new Problem(503, TITLES[503]!, DOWN[down], [], { 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) });
}

/**
 * Every error leaves as application/problem+json; a backend outage is a 503 with Retry-After
 * saying which one; anything else unexpected is a logged 500 without details. Refusals (401,
 * 403) are kept as security events.
 */
@Catch()
@Injectable()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(private readonly runtime: LedgerRuntime) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { principal?: Principal }>();
    const exception = withOutage(thrown);
    const problem = toProblem(exception);
    if (problem.status === 503 && exception !== thrown) this.logger.warn(`${problem.detail}: ${(thrown as Error).message}`);
    else if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (problem.status === 401 || problem.status === 403) this.recordDenial(request, problem);
    if (exception instanceof Problem) for (const [name, value] of Object.entries(exception.headers)) response.setHeader(name, value);
    if (response.headersSent) return;
    response.status(problem.status).type('application/problem+json').send(problem);
  }

  private recordDenial(request: Request & { principal?: Principal }, problem: ProblemBody): void {
    // Sign-in failures are recorded (with more detail) by the sign-in itself.
    if (request.path?.startsWith('/api/auth/')) return;
    recordSecurityEvent(this.runtime.pool, {
      kind: 'request_denied',
      actorId: request.principal?.accountId ?? null,
      ip: request.ip ?? null,
      method: request.method,
      path: request.originalUrl?.split('?')[0] ?? request.path,
      status: problem.status,
    }).catch((error: Error) => this.logger.warn(`security event not recorded: ${error.message}`));
  }
}

export function toProblem(thrown: unknown): ProblemBody {
  const exception = withOutage(thrown);
  if (exception instanceof Problem) {
    return {
      type: 'about:blank',
      code: exception.code,
      title: exception.title,
      status: exception.getStatus(),
      detail: exception.detail,
      errors: exception.errors,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const detail = DETAILS[status] ?? (Array.isArray(message) ? message.join('; ') : String(message ?? exception.message));
    return { type: 'about:blank', code: codeOfStatus(status), title: TITLES[status] ?? exception.name, status, detail, errors: [] };
  }
  // Body-parser errors (malformed JSON, too large, wrong charset) carry their own 4xx status.
  const status = (exception as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      type: 'about:blank',
      code: codeOfStatus(status),
      title: TITLES[status] ?? 'Bad Request / 请求有误',
      status,
      detail: bodyParserDetail(exception as Error & { type?: string }, status),
      errors: [],
    };
  }
  return {
    type: 'about:blank',
    code: 'internal_error',
    title: 'Internal Server Error / 服务器内部错误',
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'unexpected error',
    errors: [],
  };
}

function bodyParserDetail(error: Error & { type?: string }, status: number): string {
  if (error.type === 'entity.parse.failed') return 'the body is not valid JSON / 请求体不是合法的 JSON';
  if (error.type === 'entity.too.large') return DETAILS[413]!;
  if (error.type === 'charset.unsupported' || error.type === 'encoding.unsupported')
    return 'the body must be UTF-8 JSON / 请求体须为 UTF-8 编码的 JSON';
  return DETAILS[status] ?? error.message;
}
