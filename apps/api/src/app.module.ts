import { createSecretKey } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AdminController, DirectoryController } from './admin/admin.controller';
import { ADMIN_HANDLERS } from './admin/handlers';
import { AuthController } from './auth/auth.controller';
import { AccessCache } from './auth/access-cache';
import { AuthGuard } from './auth/auth.guard';
import { SignIn } from './auth/sign-in';
import { AccessTokens } from './auth/tokens';
import { CatalogController } from './catalog/catalog.controller';
import { CATALOG_HANDLERS } from './catalog/handlers';
import { HealthController } from './health/health.controller';
import { IdempotencyInterceptor } from './http/idempotency';
import { ProblemFilter } from './http/problem';
import { createValidationPipe } from './http/validation';
import { REPORT_HANDLERS } from './reports/handlers';
import { ReportsController } from './reports/reports.controller';
import { LedgerRuntime } from './runtime';
import { AttachmentsController } from './attachments/attachments.controller';
import { ATTACHMENT_HANDLERS } from './attachments/handlers';
import { AuditController } from './audit/audit.controller';
import { AUDIT_HANDLERS } from './audit/handlers';
import { DashboardController } from './dashboard/dashboard.controller';
import { DASHBOARD_HANDLERS } from './dashboard/handlers';
import { ExportsController } from './exports/exports.controller';
import { EXPORT_HANDLERS } from './exports/handlers';
import { InboxController } from './inbox/inbox.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { ChannelsController } from './channels/channels.controller';
import { NOTICE_HANDLERS } from './notices/handlers';
import { NoticesController } from './notices/notices.controller';
import { URGE_HANDLERS } from './urges/handlers';
import { EXTENSION_HANDLERS } from './extensions/handlers';
import { ExtensionsController } from './extensions/extensions.controller';
import { DEADLINE_HANDLERS } from './deadlines/handlers';
import { DeadlinesController } from './deadlines/deadlines.controller';
import { INSTRUCTION_HANDLERS } from './instructions/handlers';
import { InstructionsController } from './instructions/instructions.controller';
import { BULLETIN_HANDLERS } from './bulletins/handlers';
import { BulletinsController } from './bulletins/bulletins.controller';
import { UrgesController } from './urges/urges.controller';
import { INBOX_HANDLERS } from './inbox/handlers';
import { NOTIFICATION_HANDLERS } from './notifications/handlers';
import { CHANNEL_HANDLERS } from './channels/handlers';
import { ScorecardController } from './scorecard/scorecard.controller';
import { SCORECARD_HANDLERS } from './scorecard/handlers';
import { ExportEventsInterceptor } from './security/export-events';
import { RateLimitGuard, throttlerOptions } from './security/rate-limits';

@Module({})
export class AppModule {
  static forRuntime(runtime: LedgerRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        // A key object, made once: given the secret as a string, jsonwebtoken first tries it as a
        // public key (and throws), then builds a secret key from it, on every verify: a fifth of the
        // CPU an authenticated read cost (bench:api's profiles).
        JwtModule.register({ secret: createSecretKey(Buffer.from(runtime.config.jwtSecret, 'utf8')) }),
        ThrottlerModule.forRoot(throttlerOptions(runtime.config)),
      ],
      controllers: [
        AuthController,
        CatalogController,
        ReportsController,
        NoticesController,
        UrgesController,
        ExtensionsController,
        DeadlinesController,
        InstructionsController,
        AttachmentsController,
        BulletinsController,
        HealthController,
        AdminController,
        DirectoryController,
        DashboardController,
        InboxController,
        NotificationsController,
        ChannelsController,
        ScorecardController,
        AuditController,
        ExportsController,
      ],
      providers: [
        { provide: LedgerRuntime, useValue: runtime },
        AccessTokens,
        AccessCache,
        AuthGuard,
        SignIn,
        ...CATALOG_HANDLERS,
        ...REPORT_HANDLERS,
        ...NOTICE_HANDLERS,
        ...URGE_HANDLERS,
        ...EXTENSION_HANDLERS,
        ...DEADLINE_HANDLERS,
        ...INSTRUCTION_HANDLERS,
        ...ATTACHMENT_HANDLERS,
        ...BULLETIN_HANDLERS,
        ...DASHBOARD_HANDLERS,
        ...INBOX_HANDLERS,
        ...NOTIFICATION_HANDLERS,
        ...CHANNEL_HANDLERS,
        ...SCORECARD_HANDLERS,
        ...AUDIT_HANDLERS,
        ...EXPORT_HANDLERS,
        ...ADMIN_HANDLERS,
        // Guards run in this order: the rate limit before any token is looked at.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: ExportEventsInterceptor },
      ],
    };
  }
}
