import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { currentLogContext, logger, withLogContext } from './logging';
import { httpRequestDuration, secondsSince } from './metrics';
import { startHttpSpan } from './tracing';

/** What Express adds to a request that the route label needs. */
type RoutedRequest = IncomingMessage & { baseUrl?: string; route?: { path?: unknown }; path?: string };

// A caller's own request id is kept when it looks like one (a proxy's), so lines can be matched across hops.
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The route pattern (`/api/reports/:id/approve`), never the raw URL: ids would make a series per
 * document. What no route matched is `unmatched` under /api and `static` elsewhere (the console).
 */
export function routeLabel(request: RoutedRequest): string {
  const pattern = request.route?.path;
  if (typeof pattern === 'string') return `${request.baseUrl ?? ''}${pattern}`;
  const path = request.path ?? (request.url ?? '').split('?')[0] ?? '';
  return path === '/api' || path.startsWith('/api/') ? 'unmatched' : 'static';
}

/**
 * One middleware for every request: a request id (answered in `x-request-id`) on every log line
 * written while it runs, one line when it ends (method, route, status, time: no body, no
 * headers), the duration histogram, and a server span when tracing is on.
 */
export function observeHttp() {
  const log = logger('http');
  return (request: RoutedRequest, response: ServerResponse, next: () => void): void => {
    const start = process.hrtime.bigint();
    const offered = request.headers['x-request-id'];
    const requestId = typeof offered === 'string' && REQUEST_ID.test(offered) ? offered : randomUUID();
    response.setHeader('x-request-id', requestId);
    const method = request.method ?? 'GET';
    const span = startHttpSpan(method, request.headers);
    withLogContext({ requestId }, () => {
      // The store itself: the correlation id and the account are added to it while the request runs.
      const context = currentLogContext() ?? { requestId };
      response.once('finish', () => {
        const route = routeLabel(request);
        const status = response.statusCode;
        const seconds = secondsSince(start);
        httpRequestDuration.observe({ method, route, status: String(status) }, seconds);
        if (span) {
          span.span.updateName(`${method} ${route}`);
          span.span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
          span.span.end();
        }
        withLogContext(context, () =>
          log[status >= 500 ? 'error' : 'info']('request', { method, route, status, durationMs: Math.round(seconds * 1000) }),
        );
      });
      if (span) span.run(next);
      else next();
    });
  };
}
