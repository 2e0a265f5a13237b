import { Body, HttpCode, Param, Post, type PipeTransform } from '@nestjs/common';
import { PARAMTYPES_METADATA } from '@nestjs/common/constants';
import { Command, type CommandBus } from '@nestjs/cqrs';
import type { UpdateDefinition, WorkflowHandle } from '@temporalio/client';
import type { Actor, Role } from '@ledger/domain';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { CorrelationId } from './idempotency';

/** Who acts and which request it answers: how every workflow Update's input begins (workflows/src/document.ts). */
export interface By {
  actor: Actor;
  correlationId: string;
}

/**
 * One thing that can be done to a document after it was created, as a row of its kind's table:
 * who may, the body it takes, and the workflow Update that carries it out (whose validator
 * applies the domain command's rules). The route, the command's payload and the dispatch are
 * all read from the row, so an action is added by adding a row.
 */
export interface DocumentAction<Lookup, Answer, Dto extends object = object, Input extends By = By> {
  /** Only these roles may call it; the rest get 403 before anything is read. */
  roles: readonly Role[];
  /** The class-validator DTO of the body (a bad body is a 400 naming the field); absent, the route reads no body. */
  body?: new () => Dto;
  /**
   * The controller method's name, which names the OpenAPI operation (`<Controller>_<method>`);
   * the action's own name when absent. Set only to keep an operation id already published.
   */
  method?: string;
  update: UpdateDefinition<Answer, [Input]>;
  /** The Update's input beyond who acts and for which request (`By`), from the validated body and the handler's lookups. */
  input(body: Dto, lookup: Lookup): Omit<Input, keyof By> | Promise<Omit<Input, keyof By>>;
}

/**
 * A document kind's table. Rows differ in body and input; each row is type-checked where it is
 * written (see `actionRow`), and the route that reaches a row validates the body with that
 * row's own DTO, so the dispatch can treat them alike.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DocumentActions<Lookup, Answer> = Record<string, DocumentAction<Lookup, Answer, any, any>>;

/** Types one kind's rows: `const row = actionRow<ReportLookup, ReportSummary>()`, then `row({ ... })`. */
export const actionRow =
  <Lookup, Answer>() =>
  <Dto extends object = object, Input extends By = By>(action: DocumentAction<Lookup, Answer, Dto, Input>) =>
    action;

/** The command a document's action route sends: which document, which row of its table, with the validated body. */
export abstract class ActOnDocument<Answer, Action extends string> extends Command<Answer> {
  constructor(
    readonly principal: Principal,
    readonly documentId: string,
    readonly action: Action,
    readonly body: object,
    /** The request's (see requestCorrelationId): every attempt of one keyed request carries the same. */
    readonly correlationId: string,
  ) {
    super();
  }
}

/** Carries out one row: its Update on the document's workflow, with who acts. */
export async function runDocumentAction<Lookup, Answer>(
  action: DocumentActions<Lookup, Answer>[string],
  workflow: WorkflowHandle,
  by: By,
  body: object,
  lookup: Lookup,
): Promise<Answer> {
  // The Update id is the request's correlation id: a keyed retry whose first attempt reached the
  // workflow gets that attempt's outcome from the server instead of acting twice.
  return workflow.executeUpdate(action.update, { args: [{ ...by, ...(await action.input(body, lookup)) }], updateId: by.correlationId });
}

/**
 * Declares `POST :id/<action>` (200, the row's roles and body) on the controller for each row of
 * the table, sending `new command(principal, id, action, body)` on the controller's `commands`.
 *
 * One route per action rather than one `POST :id/:action` route, because the OpenAPI document
 * is read from the routes (openapi/document.ts): a parameterised route would publish a single
 * `/{id}/{action}` path with a single body schema, and the authorization matrix (driven by the
 * document) and any client generated from it would lose the actions and their bodies. Generating the methods
 * gives each action the same route, operation id, body schema, roles and status it had when it
 * was written out by hand, from the one table. An unknown action has no route: 404.
 */
export function DocumentActionRoutes<Actions extends DocumentActions<unknown, unknown>>(
  actions: Actions,
  options: {
    /** Validates `:id` (400 naming `id`). */
    idPipe: PipeTransform;
    command: new (
      principal: Principal,
      id: string,
      action: keyof Actions & string,
      body: object,
      correlationId: string,
    ) => ActOnDocument<unknown, string>;
  },
) {
  return (controller: new (...args: never[]) => { readonly commands: CommandBus }): void => {
    const prototype = controller.prototype as object;
    for (const [name, action] of Object.entries(actions)) {
      const method = action.method ?? name;
      if (Object.prototype.hasOwnProperty.call(prototype, method)) throw new Error(`${controller.name}.${method} is declared twice`);
      // Named as the method (@nestjs/swagger reads a route's name from the function), and not
      // enumerable, as a written method is: to Nest the two look alike.
      const route = {
        [method](this: { commands: CommandBus }, principal: Principal, id: string, body: object | undefined, correlationId: string) {
          return this.commands.execute(new options.command(principal, id, name, body ?? {}, correlationId));
        },
      }[method];
      Object.defineProperty(prototype, method, { value: route, writable: true, configurable: true });
      const descriptor = Object.getOwnPropertyDescriptor(prototype, method)!;
      Post(`:id/${name}`)(prototype, method, descriptor);
      HttpCode(200)(prototype, method, descriptor);
      Roles(...action.roles)(prototype, method, descriptor);
      CurrentPrincipal()(prototype, method, 0);
      Param('id', options.idPipe)(prototype, method, 1);
      if (action.body) Body()(prototype, method, 2);
      CorrelationId()(prototype, method, 3);
      // What TypeScript would emit for `(principal: Principal, id: string, body: Dto)`: the body's
      // DTO class is what the validation pipe validates against and the document describes.
      Reflect.defineMetadata(PARAMTYPES_METADATA, [Object, String, action.body ?? Object, String], prototype, method);
    }
  };
}
