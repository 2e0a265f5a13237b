import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { JwtModule } from '@nestjs/jwt';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AccessTokens } from './auth/tokens';
import { CatalogController } from './catalog/catalog.controller';
import { CATALOG_HANDLERS } from './catalog/handlers';
import { HealthController } from './health/health.controller';
import { ProblemFilter } from './http/problem';
import { createValidationPipe } from './http/validation';
import { REPORT_HANDLERS } from './reports/handlers';
import { ReportsController } from './reports/reports.controller';
import { LedgerRuntime } from './runtime';

@Module({})
export class AppModule {
  static forRuntime(runtime: LedgerRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), JwtModule.register({ secret: runtime.config.jwtSecret })],
      controllers: [AuthController, CatalogController, ReportsController, HealthController],
      providers: [
        { provide: LedgerRuntime, useValue: runtime },
        AccessTokens,
        ...CATALOG_HANDLERS,
        ...REPORT_HANDLERS,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
