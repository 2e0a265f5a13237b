import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { migrate } from '@ledger/postgres';
import { AppModule } from './app.module';
import { IDEMPOTENCY_MIGRATIONS } from './http/idempotency';
import { serveOpenApi } from './openapi/document';
import type { LedgerRuntime } from './runtime';
import { applyHttpSecurity } from './security/http-security';

/** The HTTP API over a runtime; the caller decides the port and when to close it. */
export async function createApi(runtime: LedgerRuntime, webRoot = defaultWebRoot()): Promise<NestExpressApplication> {
  await migrate(runtime.pool, 'api', IDEMPOTENCY_MIGRATIONS);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRuntime(runtime), {
    bodyParser: false,
    logger: ['error', 'warn'],
  });
  applyHttpSecurity(app, runtime.config);
  app.useBodyParser('json', { limit: '256kb' });
  app.disable('x-powered-by');
  serveWebConsole(app, webRoot);
  serveOpenApi(app, runtime.config);
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
  app.useStaticAssets(webRoot, { index: false, maxAge: '1h', setHeaders: noCacheForIndex });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || isApiPath(request.path) || looksLikeFile(request.path)) return next();
    response.setHeader('cache-control', 'no-cache');
    response.sendFile(index);
  });
}

const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');
// A missing /assets/x.js must stay a 404, not become a page the browser tries to run.
const looksLikeFile = (path: string) => /\.[A-Za-z0-9]+$/.test(path);

// Hashed asset names may be cached; index.html must be revalidated to pick up a new build.
function noCacheForIndex(response: Response, path: string): void {
  if (path.endsWith('.html')) response.setHeader('cache-control', 'no-cache');
}

/** `<repo>/dist/web`, whether this file runs from source (apps/api/src) or compiled (dist/apps/api/src). */
function defaultWebRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(dir, 'dist', 'web');
}
