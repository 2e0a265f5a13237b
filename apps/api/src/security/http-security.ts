import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { LedgerConfig } from '@ledger/config';

/**
 * Security headers on every answer (helmet's defaults: CSP with 'self', no sniffing, no
 * framing, HSTS), and CORS closed unless CORS_ORIGINS names the origins allowed.
 */
export function applyHttpSecurity(app: NestExpressApplication, config: LedgerConfig): void {
  // Which hop of X-Forwarded-For is the client (request.ip, what rate limits and records name).
  app.set('trust proxy', config.trustProxy);
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
