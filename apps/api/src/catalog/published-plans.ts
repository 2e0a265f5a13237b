import { Injectable } from '@nestjs/common';
import {
  chainForTask,
  DEFAULT_BULLETIN_CHAIN,
  DEFAULT_EXTENSION_CHAIN,
  DEFAULT_INSTRUCTION_CHAIN,
  DEFAULT_URGE_CHAIN,
  noticeRulesFor,
  type ApprovalChain,
  type BulletinChainAction,
  type DocumentChain,
  type ExtensionChainAction,
  type InstructionChainAction,
  type NoticeRules,
  type PlanPublished,
  type UrgeChainAction,
} from '@ledger/domain';
import { latestPublishedPlan } from '@ledger/plan-import';
import { allTasks, type TaskForce } from '@ledger/plan-catalog';
import { LedgerRuntime } from '../runtime';

const DEFAULT_CHAINS = {
  urge: DEFAULT_URGE_CHAIN,
  extension: DEFAULT_EXTENSION_CHAIN,
  instruction: DEFAULT_INSTRUCTION_CHAIN,
  bulletin: DEFAULT_BULLETIN_CHAIN,
};

/**
 * What a published plan decides for its documents: a task's approval chain and the plan's 督办单
 * rules. Published plans never change, so each plan version is read once per process.
 */
@Injectable()
export class PublishedPlans {
  private readonly plans = new Map<string, Promise<PlanPublished | undefined>>();

  constructor(private readonly runtime: LedgerRuntime) {}

  /** The task's own chain, else the plan's, with countersign stages only for co-led tasks. */
  async chainForTask(planId: string, taskCode: string, leadUnits: string[]): Promise<ApprovalChain> {
    const published = await this.plan(planId);
    const task = published && allTasks(published.plan).find((t) => t.code === taskCode);
    const chain = task?.approvalChain ?? published?.plan.approvalChain;
    if (!chain) throw new Error(`plan ${planId} has no approval chain`);
    return chainForTask(chain, leadUnits);
  }

  /** The plan's rules for 督办单 (with its chain), the defaults where it says nothing. */
  async noticeRules(planId: string): Promise<NoticeRules> {
    const plan = (await this.plan(planId))?.plan;
    return noticeRulesFor(plan?.noticeRules, plan?.documentChains?.notice);
  }

  /** The plan's chain for 催报, 延期申请, 领导批示 or 督查通报; the system's where the plan names none. */
  async documentChain(planId: string, kind: 'urge'): Promise<DocumentChain<UrgeChainAction>>;
  async documentChain(planId: string, kind: 'extension'): Promise<DocumentChain<ExtensionChainAction>>;
  async documentChain(planId: string, kind: 'instruction'): Promise<DocumentChain<InstructionChainAction>>;
  async documentChain(planId: string, kind: 'bulletin'): Promise<DocumentChain<BulletinChainAction>>;
  async documentChain(planId: string, kind: keyof typeof DEFAULT_CHAINS): Promise<DocumentChain<string>> {
    return (await this.plan(planId))?.plan.documentChains?.[kind] ?? DEFAULT_CHAINS[kind];
  }

  /** The plan's 工作专班; undefined when the plan was never published. */
  async taskForce(planId: string): Promise<TaskForce | undefined> {
    return (await this.plan(planId))?.taskForce;
  }

  private plan(planId: string): Promise<PlanPublished | undefined> {
    const load = async () => (await latestPublishedPlan(this.runtime.store, planId))?.data;
    const key = planId;
    let cached = this.plans.get(key);
    if (!cached) {
      cached = load();
      this.plans.set(key, cached);
    }
    return cached.then(async (plan) => {
      // A newer version published since it was cached: read again.
      const current = await this.runtime.dataSource.query(`select version from rm_plans where id = $1`, [planId]);
      if (plan && current[0] && Number(current[0].version) !== plan.version) {
        const fresh = load();
        this.plans.set(key, fresh);
        return fresh;
      }
      return plan;
    });
  }
}
