import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import type { LedgerRuntime } from './runtime';

/** The HTTP API over a runtime; the caller decides the port and when to close it. */
export async function createApi(runtime: LedgerRuntime): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRuntime(runtime), {
    bodyParser: false,
    logger: ['error', 'warn'],
  });
  app.useBodyParser('json', { limit: '256kb' });
  app.disable('x-powered-by');
  return app;
}
