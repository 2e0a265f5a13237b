import { ParseUUIDPipe, type INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { LedgerConfig } from '@ledger/config';
import { PUBLIC, ROLES } from '../auth/principal';
import { SKIP_IDEMPOTENCY } from '../http/idempotency';
import { EXTRA_PROBLEM_CODES, STATUS_CODES, type ProblemCode } from '../http/problem';
import { OPERATION_RESPONSES, type OperationResponse } from './operation-responses';
import GENERATED_SCHEMAS from './response-schemas.json';
import { DOCUMENTED_SCHEMAS, FILE_RESPONSES } from './responses';
import { dtoSchema, queryParameters, type JsonSchema } from './schemas';

const BODY = 3;
const QUERY = 4;
const PARAM = 5;

/** A path pipe that says what it accepts (DocumentIdPipe, NotificationIdPipe): the document types the parameter so. */
export interface DocumentedPipe {
  readonly openApiSchema: JsonSchema;
}

const UUID: JsonSchema = { type: 'string', format: 'uuid' };

/** Query parameters a handler reads one by one (`@Query('asOf')`), as the document declares them. */
const NAMED_QUERY: Record<string, { required: boolean; description: string; schema: JsonSchema }> = {
  asOf: {
    required: false,
    description: 'the moment to look from (ISO 8601; default now) / 回溯时点，默认当前',
    schema: { type: 'string', format: 'date-time', example: '2025-07-01T00:00:00Z' },
  },
  period: {
    required: true,
    description: 'the month, YYYY-MM / 期间',
    schema: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2025-06' },
  },
};

// The parts of an OpenAPI operation this file reads and writes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Operation = Record<string, any>;

interface Handler {
  controller: Function;
  method: string;
  isPublic: boolean;
  roles: string[] | undefined;
  skipIdempotency: boolean;
  body?: Function;
  query?: Function;
  /** Path parameters typed by their pipes, by name. */
  pathSchemas: Record<string, JsonSchema>;
  /** Names of `@Query('name')` parameters. */
  namedQueries: string[];
}

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; title and messages in English and Chinese',
  required: ['type', 'code', 'title', 'status', 'detail', 'errors'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    code: {
      type: 'string',
      enum: [...new Set<ProblemCode>([...Object.values(STATUS_CODES), ...EXTRA_PROBLEM_CODES])],
      description: 'what went wrong, for a client to word in its own language / 错误代码，供客户端显示本地化提示',
      example: 'invalid_input',
    },
    title: { type: 'string', example: 'Bad Request / 请求有误' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const problem = (description: string, headers?: Record<string, { description: string; schema: JsonSchema }>) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  ...(headers ? { headers } : {}),
});

const RETRY_AFTER = {
  'Retry-After': { description: 'seconds to wait before retrying / 重试前等待的秒数', schema: { type: 'integer', minimum: 1 } },
};

/** Refusals particular to one operation, beside what every operation of its kind documents. */
const CONFLICTS: Record<string, ReturnType<typeof problem>> = {
  ReportsController_submit: problem(
    'your unit already has a report for this task and period (open or signed off), named in detail and Location; or the Idempotency-Key is still in progress (Retry-After) / 本单位该任务本期已有报告；或幂等键请求仍在处理中',
    {
      ...RETRY_AFTER,
      Location: { description: 'the existing report / 已有的报告', schema: { type: 'string', example: '/api/reports/{id}' } },
    },
  ),
};

/** Sign-in steps whose state can refuse them: a factor enrolled already, or none pending. */
const SIGN_IN_CONFLICTS = new Set(['AuthController_totp', 'AuthController_enrol', 'AuthController_confirm']);

/**
 * The OpenAPI document of every route Nest has, with request schemas read from the
 * class-validator DTOs and each operation's authentication and roles.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('民生实事督办台账 API / Minsheng Ledger API')
    .setDescription(
      [
        'Sign in with `POST /api/auth/login`, then send `Authorization: Bearer <accessToken>`.',
        'Errors are `application/problem+json` (RFC 9457). POSTs that create or decide take an optional `Idempotency-Key` header.',
        '登录后以 Bearer 令牌访问；错误以 problem+json 返回；创建或审批类 POST 支持 Idempotency-Key 幂等键。',
      ].join('\n\n'),
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller}_${method}` });
  const handlers = discoverHandlers(app);
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {}) as Record<string, JsonSchema>;
  schemas.Problem = PROBLEM_SCHEMA;
  Object.assign(schemas, GENERATED_SCHEMAS as Record<string, JsonSchema>, DOCUMENTED_SCHEMAS);

  for (const item of Object.values(document.paths)) {
    for (const [verb, operation] of Object.entries(item) as Array<[string, Operation]>) {
      if (!operation?.operationId) continue;
      const handler = handlers.get(operation.operationId);
      if (!handler) continue;
      if (handler.body) {
        const schema = dtoSchema(handler.body, schemas);
        // Required only when some field is: a DTO of optional fields takes no body at all as well.
        const required = ((schemas[handler.body.name] as { required?: string[] }).required ?? []).length > 0;
        operation.requestBody = { required, content: { 'application/json': { schema } } };
      }
      for (const parameter of (operation.parameters ?? []) as Operation[]) {
        if (parameter.in === 'path' && handler.pathSchemas[parameter.name]) parameter.schema = handler.pathSchemas[parameter.name];
      }
      for (const name of handler.namedQueries) {
        const declared = NAMED_QUERY[name];
        if (!declared) throw new Error(`${operation.operationId}: query parameter ${name} has no schema in NAMED_QUERY`);
        operation.parameters = [
          ...((operation.parameters ?? []) as Operation[]).filter((p) => !(p.in === 'query' && p.name === name)),
          { name, in: 'query', ...declared },
        ];
      }
      if (handler.query) {
        const named = new Set(
          (operation.parameters ?? []).filter((p: { in: string }) => p.in !== 'query').map((p: { name: string }) => p.name),
        );
        operation.parameters = [
          ...(operation.parameters ?? []).filter((p: { in: string }) => p.in !== 'query'),
          ...queryParameters(handler.query).filter((p) => !named.has(p.name as string)),
        ];
      }
      operation.responses ??= {};
      const response = OPERATION_RESPONSES[operation.operationId as string];
      if (response) operation.responses[successStatus(operation)] = jsonResponse(response);
      const file = FILE_RESPONSES[operation.operationId as string];
      if (file) {
        operation.responses['200'] = {
          description: `${file.description}; Content-Disposition names it in Chinese (RFC 5987 filename*)`,
          content: { [file.mediaType]: { schema: { type: 'string', format: 'binary' } } },
        };
      }
      operation.responses['400'] ??= problem('invalid input, naming the fields / 输入有误');
      operation.responses['429'] ??= problem('rate limited / 请求过于频繁');
      operation.responses['503'] ??= problem('PostgreSQL or Temporal is down, named in detail / 数据库或流程服务暂不可用', RETRY_AFTER);
      const conflict = CONFLICTS[operation.operationId as string];
      if (conflict) operation.responses['409'] = conflict;
      if (((operation.parameters ?? []) as Operation[]).some((p) => p.in === 'path'))
        operation.responses['404'] ??= problem('no such object, or one the caller may not see / 对象不存在或无权查看');
      if (verb === 'patch' || verb === 'delete' || SIGN_IN_CONFLICTS.has(operation.operationId as string))
        operation.responses['409'] ??= problem('the state refuses it (e.g. an admin’s own account, a name taken) / 状态冲突');
      if (operation.requestBody) operation.responses['413'] ??= problem('the body is larger than 256 KB / 请求体过大');
      if (handler.isPublic) {
        operation.security = [];
        // Sign-in steps answer wrong credentials, codes, challenges and refresh tokens with 401.
        if (verb === 'post' && (operation.operationId as string).startsWith('AuthController_'))
          operation.responses['401'] ??= problem('wrong credentials, code, challenge or refresh token / 凭据、验证码或令牌无效');
      } else {
        operation.security = [{ bearer: [] }];
        operation['x-roles'] = handler.roles ?? ['submitter', 'coordinator', 'office', 'auditor', 'admin'];
        operation.description = [operation.description, `Roles / 角色: ${(operation['x-roles'] as string[]).join(', ')}`]
          .filter(Boolean)
          .join('\n\n');
        operation.responses['401'] ??= problem('no valid access token / 未登录或令牌无效');
        operation.responses['403'] ??= problem('role or unit not allowed / 无权操作');
      }
      if (verb === 'post' && !handler.isPublic && !handler.skipIdempotency) {
        operation.parameters = [
          ...(operation.parameters ?? []),
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'a repeat with the same key and body gets the first answer (after a crash too); while the first still runs, 409 with Retry-After; with another body, 422 / 相同幂等键重复请求返回首次结果；首次请求仍在处理时返回 409',
            schema: { type: 'string', minLength: 1, maxLength: 128 },
          },
        ];
        operation.responses['422'] ??= problem('Idempotency-Key reused with a different request / 幂等键与请求不符');
        const inProgress =
          'the state refuses it, or a request with this Idempotency-Key is still in progress (Retry-After) / 状态冲突，或该幂等键的请求仍在处理中';
        const documented = operation.responses['409'] as { description: string; headers?: object } | undefined;
        operation.responses['409'] = documented
          ? { ...documented, headers: { ...RETRY_AFTER, ...documented.headers } }
          : problem(inProgress, RETRY_AFTER);
      }
    }
  }
  return document;
}

/** The 2xx status Nest answers the operation with (201 for a POST without @HttpCode), as @nestjs/swagger listed it. */
function successStatus(operation: Operation): string {
  return Object.keys(operation.responses as object).find((status) => status.startsWith('2')) ?? '200';
}

const LINK_NEXT = {
  Link: {
    description: 'the next page while more remains: `<…?cursor=…>; rel="next"` / 下一页链接',
    schema: { type: 'string', example: '</api/notices?cursor=WzE3…>; rel="next"' },
  },
};

/** The success answer of an operation of OPERATION_RESPONSES: its schema, or an array of it. */
function jsonResponse(response: OperationResponse) {
  if (!(response.schema in GENERATED_SCHEMAS) && !(response.schema in DOCUMENTED_SCHEMAS))
    throw new Error(`no schema ${response.schema}: run npm run api:types`);
  const item = { $ref: `#/components/schemas/${response.schema}` };
  return {
    description: response.description,
    ...(response.list === 'paged' ? { headers: LINK_NEXT } : {}),
    content: { 'application/json': { schema: response.list ? { type: 'array', items: item } : item } },
  };
}

/** Serves the document as JSON at /api/docs-json, and the interactive page at /api/docs outside production. */
export function serveOpenApi(app: INestApplication, config: LedgerConfig): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    ui: config.mode !== 'production',
    raw: ['json'],
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: '民生实事督办台账 API',
  });
  return document;
}

/** Every controller method Nest knows, by the operation id the document gives it. */
function discoverHandlers(app: INestApplication): Map<string, Handler> {
  const handlers = new Map<string, Handler>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Function | null;
      if (!controller?.prototype) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const fn = controller.prototype[method];
        if (method === 'constructor' || typeof fn !== 'function') continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
          string,
          { index: number; data?: unknown }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as Function[];
        const pathSchemas: Record<string, JsonSchema> = {};
        const namedQueries: string[] = [];
        for (const [key, arg] of Object.entries(args) as Array<[string, { data?: unknown; pipes?: unknown[] }]>) {
          if (typeof arg.data !== 'string') continue;
          if (key.startsWith(`${QUERY}:`)) namedQueries.push(arg.data);
          if (!key.startsWith(`${PARAM}:`)) continue;
          const pipe = (arg.pipes ?? []).find((each) => each instanceof ParseUUIDPipe || (each as DocumentedPipe)?.openApiSchema);
          if (pipe) pathSchemas[arg.data] = pipe instanceof ParseUUIDPipe ? UUID : (pipe as DocumentedPipe).openApiSchema;
        }
        const argOf = (kind: number) => {
          const entry = Object.entries(args).find(([key, value]) => key.startsWith(`${kind}:`) && value.data === undefined);
          const type = entry ? types[entry[1].index] : undefined;
          return type && type !== Object && type.prototype ? type : undefined;
        };
        const meta = <T>(key: symbol): T | undefined => Reflect.getMetadata(key, fn) ?? Reflect.getMetadata(key, controller);
        handlers.set(`${controller.name}_${method}`, {
          controller,
          method,
          isPublic: meta<boolean>(PUBLIC) === true,
          roles: meta<string[]>(ROLES),
          skipIdempotency: meta<boolean>(SKIP_IDEMPOTENCY) === true,
          body: argOf(BODY),
          query: argOf(QUERY),
          pathSchemas,
          namedQueries,
        });
      }
    }
  }
  return handlers;
}
