import type { NextFunction, Request, Response } from 'express';
import type { ProblemBody } from './problem';

/** A documented path, as a pattern of its template, and the methods it answers. */
interface Route {
  pattern: RegExp;
  methods: Set<string>;
}

/** The routes of an OpenAPI document's paths (`/api/reports/{id}` matches one segment per parameter). */
export function routesOf(paths: Record<string, Record<string, unknown>>): Route[] {
  return Object.entries(paths).map(([template, item]) => {
    const source = template
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    const methods = new Set(Object.keys(item).map((method) => method.toUpperCase()));
    if (methods.has('GET')) methods.add('HEAD');
    return { pattern: new RegExp(`^${source}/?$`), methods };
  });
}

/** The methods a path allows, or undefined when no documented path matches it. */
export function allowedMethods(routes: Route[], path: string): string[] | undefined {
  const matching = routes.filter((route) => route.pattern.test(path));
  if (matching.length === 0) return undefined;
  return [...new Set(matching.flatMap((route) => [...route.methods]))].sort();
}

/**
 * A method a known path does not have (TRACE, PUT …) is 405 with `Allow`, not 404: the path
 * exists, the method does not. OPTIONS is left to CORS; unknown paths stay 404.
 */
export function methodNotAllowed(paths: Record<string, Record<string, unknown>>) {
  const routes = routesOf(paths);
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method === 'OPTIONS') return next();
    const allowed = allowedMethods(routes, request.path);
    if (!allowed || allowed.includes(request.method)) return next();
    const problem: ProblemBody = {
      type: 'about:blank',
      code: 'method_not_allowed',
      title: 'Method Not Allowed / 不支持的请求方法',
      status: 405,
      detail: `${request.method} is not a method of ${request.path}; allowed: ${allowed.join(', ')} / 该路径不支持此请求方法`,
      errors: [],
    };
    response.status(405).setHeader('allow', allowed.join(', '));
    response.type('application/problem+json').send(problem);
  };
}
