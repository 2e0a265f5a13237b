import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CommandBus } from '@nestjs/cqrs';
import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { loadConfig } from '@ledger/config';
import { AppModule } from '../app.module';
import { NOTICE_ACTIONS } from '../notices/actions';
import { ActOnNotice } from '../notices/notices';
import { buildOpenApiDocument } from '../openapi/document';
import { REPORT_ACTIONS } from '../reports/actions';
import { LedgerRuntime } from '../runtime';
import { DocumentActionRoutes, type DocumentActions } from './document-actions';

// The document is built from the routes alone: no request is made, so the runtime's pool,
// store and Temporal client are never touched and none is running.
let app: INestApplication;
let document: OpenAPIObject;
beforeAll(async () => {
  const config = loadConfig({ LEDGER_MODE: 'demo', TOTP_KEY: randomBytes(32).toString('base64') });
  app = await NestFactory.create(
    AppModule.forRuntime(new LedgerRuntime(config, {} as never, {} as never, {} as never, {} as never, {} as never)),
    {
      logger: false,
    },
  );
  document = buildOpenApiDocument(app);
});
afterAll(() => app?.close());

const TABLES: Array<{ base: string; actions: DocumentActions<never, unknown>; bodiless: string[] }> = [
  { base: '/api/reports', actions: REPORT_ACTIONS, bodiless: ['open', 'reclaim'] },
  { base: '/api/notices', actions: NOTICE_ACTIONS, bodiless: ['acknowledge'] },
];

describe.each(TABLES)('the actions of $base, from their table', ({ base, actions, bodiless }) => {
  const rows = Object.entries(actions);

  it('validate every body with a class-validator DTO; only the actions that read no body have none', () => {
    expect(rows.filter(([, action]) => !action.body).map(([name]) => name)).toEqual(bodiless);
    for (const [name, action] of rows.filter(([, a]) => a.body)) {
      const rules = getMetadataStorage().getTargetValidationMetadatas(action.body!, '', true, false);
      expect({ name, rules: rules.length > 0 }).toEqual({ name, rules: true });
    }
  });

  // That each Update reaches its domain command is the authorization matrix's part: it calls every route.
  it('carry each action out by a workflow Update of its own', () => {
    const updates = rows.map(([, action]) => action.update);
    expect(updates.every((update) => update.type === 'update')).toBe(true);
    expect(new Set(updates.map((update) => update.name)).size).toBe(rows.length);
  });

  it('publish one route per row, with its body schema, roles and 200, and no action route beside the table', () => {
    const published = Object.keys(document.paths).filter((path) => path.startsWith(`${base}/{id}/`));
    expect(published).toEqual(rows.map(([name]) => `${base}/{id}/${name}`));
    for (const [name, action] of rows) {
      const operation = document.paths[`${base}/{id}/${name}`]!.post!;
      expect({
        name,
        operation: operation.operationId?.split('_')[1],
        body: operation.requestBody,
        roles: (operation as { 'x-roles'?: unknown })['x-roles'],
        ok: Object.keys(operation.responses).filter((status) => status.startsWith('2')),
      }).toEqual({
        name,
        operation: action.method ?? name,
        body: action.body
          ? {
              // A body of optional fields only (a comment) may be left out.
              required: ((document.components?.schemas?.[action.body.name] as { required?: string[] }).required ?? []).length > 0,
              content: { 'application/json': { schema: { $ref: `#/components/schemas/${action.body.name}` } } },
            }
          : undefined,
        roles: action.roles,
        ok: ['200'],
      });
    }
  });
});

it('refuses a table whose action would replace a method the controller has', () => {
  class Written {
    constructor(readonly commands: CommandBus) {}
    close() {}
  }
  expect(() => DocumentActionRoutes(NOTICE_ACTIONS, { idPipe: { transform: (id: unknown) => id }, command: ActOnNotice })(Written)).toThrow(
    'Written.close is declared twice',
  );
});
