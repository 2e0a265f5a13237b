import 'reflect-metadata';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { observeHttp } from '@ledger/observability';
import { AppModule } from './app.module';
import { NestPinoLogger } from './http/nest-logger';
import { IDEMPOTENCY_MIGRATIONS } from './http/idempotency';
import { methodNotAllowed } from './http/method-not-allowed';
import { serveOpenApi } from './openapi/document';
import { REPORT_SLOT_MIGRATIONS } from './reports/report-slot';
import type { LedgerRuntime } from './runtime';
import { applyHttpSecurity } from './security/http-security';

/** The HTTP API over a runtime; the caller decides the port and when to close it. */
export async function createApi(runtime: LedgerRuntime, webRoot = defaultWebRoot()): Promise<NestExpressApplication> {
  await runtime.migrate('api', [...IDEMPOTENCY_MIGRATIONS, ...REPORT_SLOT_MIGRATIONS]);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRuntime(runtime), {
    bodyParser: false,
    logger: new NestPinoLogger(),
  });
  // First of all, so that every line of a request carries its id and every response is measured.
  app.use(observeHttp());
  applyHttpSecurity(app, runtime.config);
  app.useBodyParser('json', { limit: '256kb' });
  app.disable('x-powered-by');
  serveWebConsole(app, webRoot);
  const document = serveOpenApi(app, runtime.config);
  app.use(methodNotAllowed(document.paths as Record<string, Record<string, unknown>>));
  return app;
}

/**
 * The built console (`npm run build:web`) at `/`, with the console's own paths (/inbox,
 * /reports/…) answered by index.html so a reload or a shared link opens the right page.
 * Without a build the API runs alone and `/` is a 404.
 */
function serveWebConsole(app: NestExpressApplication, webRoot: string): void {
  const index = join(webRoot, 'index.html');
  if (!existsSync(index)) return;
  app.use('/assets', sendPrecompressed(join(webRoot, 'assets')));
  app.useStaticAssets(webRoot, { index: false, maxAge: '1d', setHeaders: cachePolicy });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || isApiPath(request.path) || looksLikeFile(request.path)) return next();
    response.setHeader('cache-control', 'no-cache');
    response.sendFile(index);
  });
}

const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');
// A missing /assets/x.js must stay a 404, not become a page the browser tries to run.
const looksLikeFile = (path: string) => /\.[A-Za-z0-9]+$/.test(path);

/**
 * Hashed assets (their name changes with their content) are kept by browsers and proxies for a
 * year without asking again; index.html, which names them, is revalidated on every visit so a
 * new build is picked up at once.
 */
function cachePolicy(response: Response, path: string): void {
  if (path.endsWith('.html')) response.setHeader('cache-control', 'no-cache');
  else if (path.includes(`${sep}assets${sep}`)) response.setHeader('cache-control', 'public, max-age=31536000, immutable');
}

const ENCODINGS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/**
 * Sends the .br or .gz that the build wrote beside a script or style sheet (apps/web/vite.config.ts)
 * when the browser accepts it: the static handler then serves that file, under the original's
 * content type. Which files have such twins is read once, at start.
 */
function sendPrecompressed(assetsDir: string) {
  const files = new Set(existsSync(assetsDir) ? readdirSync(assetsDir) : []);
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const name = request.path.slice(1);
    const available = ENCODINGS.filter(({ suffix }) => files.has(name + suffix));
    if (available.length === 0) return next();
    response.vary('Accept-Encoding');
    // Our order, not the browser's: browsers list gzip before br, yet take either, and br is smaller.
    const twin = available.find(({ encoding }) => request.acceptsEncodings(encoding) === encoding);
    if (!twin) return next();
    response.setHeader('content-encoding', twin.encoding);
    response.type(extname(name));
    request.url = request.url.replace(request.path, request.path + twin.suffix);
    next();
  };
}

/** `<repo>/dist/web`, whether this file runs from source (apps/api/src) or compiled (dist/apps/api/src). */
function defaultWebRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(dir, 'dist', 'web');
}
