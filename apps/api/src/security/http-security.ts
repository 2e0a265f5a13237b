import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import helmet from 'helmet';
import type { Request } from 'express';
import type { LedgerConfig } from '@ledger/config';

/**
 * Security headers on every answer (helmet's defaults: CSP with 'self', no sniffing, no
 * framing, HSTS), and CORS closed unless CORS_ORIGINS names the origins allowed.
 */
export function applyHttpSecurity(app: NestExpressApplication, config: LedgerConfig): void {
  app.use(
    helmet({
      // The console (antd) sets inline styles; scripts stay 'self' only. The embedded system is
      // often reached over plain http on a LAN, where upgrading its requests would break it.
      // Evidence is fetched with the reader's token and shown from blob: URLs (image thumbnails,
      // a PDF in a frame), which is all img-src and frame-src allow beyond the console's own.
      contentSecurityPolicy: {
        directives: {
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'frame-src': ["'self'", 'blob:'],
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key'],
      maxAge: 600,
    });
  }
}

const SIGN_IN_PATHS = new Set([
  '/api/auth/login',
  '/api/auth/totp',
  '/api/auth/refresh',
  '/api/auth/totp/confirm',
  '/api/auth/totp/enroll',
]);

/** Generous limits for everything; the sign-in endpoints get a stricter one of their own (per client address). */
export function throttlerOptions(config: LedgerConfig): ThrottlerModuleOptions {
  return {
    throttlers: [
      { name: 'default', ttl: 60_000, limit: config.rateLimit.perMinute },
      {
        name: 'sign-in',
        ttl: 60_000,
        limit: config.rateLimit.loginPerMinute,
        skipIf: (context: ExecutionContext) => !SIGN_IN_PATHS.has(context.switchToHttp().getRequest<Request>().path),
      },
    ],
  };
}
