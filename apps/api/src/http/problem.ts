import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem: the status, a title, what went wrong, and which fields. */
export class Problem extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super({ title, detail, errors }, status);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request / 请求有误',
  401: 'Unauthorized / 未登录或登录已失效',
  403: 'Forbidden / 无权操作',
  404: 'Not Found / 未找到',
  409: 'Conflict / 状态冲突',
  413: 'Payload Too Large / 请求过大',
  422: 'Unprocessable Content / 无法处理',
  429: 'Too Many Requests / 请求过于频繁',
  503: 'Service Unavailable / 服务不可用',
};

/** Every error leaves as application/problem+json; anything unexpected is a logged 500 without details. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problem = toProblem(exception);
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    response.status(problem.status).type('application/problem+json').send(problem);
  }
}

function toProblem(exception: unknown): { type: string; title: string; status: number; detail: string; errors: FieldError[] } {
  if (exception instanceof Problem) {
    return { type: 'about:blank', title: exception.title, status: exception.getStatus(), detail: exception.detail, errors: exception.errors };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
    return { type: 'about:blank', title: TITLES[status] ?? exception.name, status, detail, errors: [] };
  }
  // Body-parser errors (malformed JSON, too large) carry their own 4xx status.
  const status = (exception as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { type: 'about:blank', title: TITLES[status] ?? 'Bad Request', status, detail: (exception as Error).message, errors: [] };
  }
  return { type: 'about:blank', title: 'Internal Server Error / 服务器内部错误', status: HttpStatus.INTERNAL_SERVER_ERROR, detail: 'unexpected error', errors: [] };
}
