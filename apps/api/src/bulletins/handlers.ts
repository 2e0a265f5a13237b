import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  bulletinId as bulletinIdOf,
  decideBulletin,
  evolveBulletin,
  initialBulletinState,
  summarizeBulletin,
  type BulletinState,
  type BulletinSummary,
} from '@ledger/domain';
import { bulletinReadModel, BulletinRow, PlanRow, UnitRow, type DocumentHistoryEntry } from '@ledger/read-models';
import { bulletinWorkflow, draftBulletinUpdate } from '@ledger/workflows';
import { actorOf, type Principal } from '../auth/principal';
import { PublishedPlans } from '../catalog/published-plans';
import { runDocumentAction } from '../http/document-actions';
import { earlierAnswer, startDocument } from '../http/document-start';
import { Problem } from '../http/problem';
import { translateWorkflowError } from '../reports/errors';
import { LedgerRuntime } from '../runtime';
import { BULLETIN_ACTIONS } from './actions';
import { ActOnBulletin, DraftBulletinCommand, GetBulletin, GetBulletinDocument, ListBulletins, type BulletinView } from './bulletins';
import { bulletinHeadline, type BulletinDocument } from './documents';
import { draftFigures } from './figures';

const BULLETIN_FOLD = { initialState: initialBulletinState, evolve: evolveBulletin, summarize: summarizeBulletin };
const ENDED = 'the bulletin of this period is closed to corrections / 该期督查通报已归档，不再更正';
const notFound = (id: string) => new Problem(404, 'Not Found / 未找到', `no bulletin ${id} / 督查通报不存在`);

/**
 * One bulletin, folded from its own stream with the read model's function: a period's stream is
 * a few dozen events at most, and it answers at once what an action just did (a unit opening the
 * bulletin the office has just signed off must not wait for the projector).
 */
async function loadBulletin(runtime: LedgerRuntime, id: string): Promise<{ state: BulletinState; history: DocumentHistoryEntry[] }> {
  return bulletinReadModel.foldAll(await runtime.store.readStream(id));
}

/** What the reader may see of it: a unit, the version in force only (a draft is as good as absent). */
function viewFor(principal: Principal, state: BulletinState, history: DocumentHistoryEntry[], id: string): BulletinView {
  const summary = summarizeBulletin(state);
  if (!summary) throw notFound(id);
  if (principal.role !== 'submitter') return { ...summary, history };
  if (!summary.published) throw notFound(id);
  return { ...summary, status: 'published', draft: null };
}

const view = (summary: BulletinSummary | null): BulletinView => summary!;

@CommandHandler(DraftBulletinCommand)
export class DraftBulletinHandler implements ICommandHandler<DraftBulletinCommand> {
  constructor(
    private readonly runtime: LedgerRuntime,
    private readonly plans: PublishedPlans,
  ) {}

  async execute({ principal, period, correlationId }: DraftBulletinCommand): Promise<BulletinView> {
    const { dataSource, store, temporal, config } = this.runtime;
    const year = Number(period.slice(0, 4));
    const plan = await dataSource.getRepository(PlanRow).findOne({ where: { year }, order: { id: 'ASC' } });
    if (!plan)
      throw new Problem(400, 'Bad Request / 请求有误', `no plan for ${year} / 该年度无方案`, [
        { field: 'period', message: `no published plan for ${year}` },
      ]);
    const id = bulletinIdOf(plan.id, period);
    const earlier = await earlierAnswer(store, id, correlationId, BULLETIN_FOLD);
    if (earlier) return view(earlier);
    const taskForce = await this.plans.taskForce(plan.id);
    if (!taskForce) throw new Error(`plan ${plan.id} has no published version`);
    const chain = await this.plans.documentChain(plan.id, 'bulletin');
    const now = new Date().toISOString();
    const figures = await draftFigures(dataSource, { plan, period, memberUnits: taskForce.memberUnits, now });
    const input = { actor: actorOf(principal), correlationId, planId: plan.id, period, figures, memberUnits: taskForce.memberUnits };
    try {
      // The rules the workflow applies, checked before a workflow is started for nothing.
      const { state } = bulletinReadModel.foldAll(await store.readStream(id));
      decideBulletin({ type: 'DraftBulletin', bulletinId: id, now, ...input }, state, chain);
      return view(
        await startDocument(temporal, {
          workflow: bulletinWorkflow,
          start: {
            workflowId: id,
            taskQueue: config.taskQueue,
            // Open to corrections until the end of the year after the plan's.
            args: [{ bulletinId: id, chain, closesAt: new Date(Date.UTC(year + 2, 0, 1) - 8 * 3_600_000).toISOString() }],
          },
          update: draftBulletinUpdate,
          input,
        }),
      );
    } catch (error) {
      return translateWorkflowError(error, ENDED);
    }
  }
}

/** 通报意见, 签发 and 已阅: the row's Update on the bulletin's workflow. */
@CommandHandler(ActOnBulletin)
export class ActOnBulletinHandler implements ICommandHandler<ActOnBulletin> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, documentId: id, action, body, correlationId }: ActOnBulletin): Promise<BulletinView> {
    const { state, history } = await loadBulletin(this.runtime, id);
    viewFor(principal, state, history, id); // a unit acts on nothing it may not see: 404
    const by = { actor: actorOf(principal), correlationId };
    const workflow = this.runtime.temporal.workflow.getHandle(id);
    const answer = await runDocumentAction(BULLETIN_ACTIONS[action], workflow, by, body, {}).catch((error: unknown) =>
      translateWorkflowError(error, ENDED),
    );
    return principal.role === 'submitter' ? { ...answer!, status: 'published', draft: null } : view(answer);
  }
}

@QueryHandler(ListBulletins)
export class ListBulletinsHandler implements IQueryHandler<ListBulletins> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, planId }: ListBulletins): Promise<BulletinView[]> {
    const query = this.runtime.dataSource.getRepository(BulletinRow).createQueryBuilder('b').orderBy('b.period', 'DESC').limit(120);
    // A unit lists what was published to it, nothing in draft.
    if (principal.role === 'submitter') query.andWhere('b.published_version is not null');
    if (planId) query.andWhere('b.plan_id = :planId', { planId });
    const rows = await query.getMany();
    return rows.map((row) => {
      const shown = viewFor(principal, row.state, row.history, row.id);
      // The list is the periods and their status; the figures are in GET /api/bulletins/:id.
      return { ...shown, history: undefined };
    });
  }
}

@QueryHandler(GetBulletin)
export class GetBulletinHandler implements IQueryHandler<GetBulletin> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, bulletinId }: GetBulletin): Promise<BulletinView> {
    const { state, history } = await loadBulletin(this.runtime, bulletinId);
    return viewFor(principal, state, history, bulletinId);
  }
}

@QueryHandler(GetBulletinDocument)
export class GetBulletinDocumentHandler implements IQueryHandler<GetBulletinDocument> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, bulletinId, format }: GetBulletinDocument) {
    const { state, history } = await loadBulletin(this.runtime, bulletinId);
    const shown = viewFor(principal, state, history, bulletinId);
    const document: BulletinDocument = shown.draft
      ? { figures: shown.draft.figures, commentary: shown.draft.commentary, version: shown.draft.version }
      : {
          figures: shown.published!.figures,
          commentary: shown.published!.commentary,
          version: shown.published!.version,
          publishedAt: shown.published!.publishedAt,
        };
    const units = await this.runtime.dataSource.getRepository(UnitRow).find();
    const draft = document.publishedAt ? '' : '（草稿）';
    return {
      document,
      unitNames: new Map(units.map((unit) => [unit.code, unit.name])),
      fileName: `${bulletinHeadline(document.figures)}${draft}.${format}`,
      asciiName: `bulletin-${shown.period}-v${document.version}.${format}`,
    };
  }
}

export const BULLETIN_HANDLERS = [
  DraftBulletinHandler,
  ActOnBulletinHandler,
  ListBulletinsHandler,
  GetBulletinHandler,
  GetBulletinDocumentHandler,
];
