import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/principal';
import { SUPERVISION_CHECKPOINT } from '@ledger/bootstrap';
import { LedgerRuntime } from '../runtime';

// The projector beats once per poll (1 s); silence this long means it is not working.
const PROJECTOR_STALE_AFTER_SECONDS = 15;

@Controller('api/health')
export class HealthController {
  constructor(private readonly runtime: LedgerRuntime) {}

  /** The process is up and answering (a liveness probe: restart it when this fails). Nothing else is asked. */
  @Public()
  @Get('live')
  live() {
    return { status: 'up' };
  }

  /**
   * Whether this API should be sent work (a readiness probe): PostgreSQL and Temporal answer, the
   * projector beats and is no further behind than READY_MAX_PROJECTOR_LAG_SECONDS, and the API is
   * not stopping. 503 names every failed check with a reason in Chinese and English.
   */
  @Public()
  @Get('ready')
  async ready(@Res() response: Response) {
    const { maxProjectorLagSeconds } = this.runtime.config.readiness;
    const [postgres, temporal, projector, lagSeconds] = await Promise.all([
      this.postgres(),
      this.temporal(),
      this.projector(),
      this.projectorLagSeconds(),
    ]);
    const failed: Array<{ check: string; reason: string }> = [];
    if (this.runtime.lifecycle.stopping) failed.push({ check: 'accepting', reason: '服务正在停止，不再接收新请求 / the API is stopping' });
    if (postgres !== 'up') failed.push({ check: 'postgres', reason: '无法连接 PostgreSQL 数据库 / PostgreSQL does not answer' });
    if (temporal !== 'up') failed.push({ check: 'temporal', reason: '无法连接 Temporal 服务 / Temporal does not answer' });
    if (projector !== 'up')
      failed.push({
        check: 'projector',
        reason: `投影服务 ${PROJECTOR_STALE_AFTER_SECONDS} 秒内无心跳 / no projector has beaten for ${PROJECTOR_STALE_AFTER_SECONDS} s`,
      });
    if (lagSeconds === undefined) {
      if (postgres === 'up') failed.push({ check: 'projectorLag', reason: "无法读取投影进度 / the projector's position cannot be read" });
    } else if (lagSeconds > maxProjectorLagSeconds)
      failed.push({
        check: 'projectorLag',
        reason: `投影落后 ${lagSeconds} 秒，超过 ${maxProjectorLagSeconds} 秒 / the projector is ${lagSeconds} s behind, more than ${maxProjectorLagSeconds} s (READY_MAX_PROJECTOR_LAG_SECONDS)`,
      });
    response
      .status(failed.length === 0 ? 200 : 503)
      .json({ status: failed.length === 0 ? 'ready' : 'not_ready', failed, projectorLagSeconds: lagSeconds ?? null });
  }

  /**
   * 200 when PostgreSQL, Temporal and the projector all answer; otherwise 503 naming what is down.
   * A projection stopped at an event it cannot apply leaves the rest serving: 200, status
   * "degraded", and which projection stopped where (details: `npm run cli -- projections status`).
   */
  @Public()
  @Get()
  async health(@Res() response: Response) {
    const [postgres, temporal, projector, stopped] = await Promise.all([
      this.postgres(),
      this.temporal(),
      this.projector(),
      this.stoppedProjections(),
    ]);
    const checks = { postgres, temporal, projector };
    const down = Object.entries(checks)
      .filter(([, state]) => state !== 'up')
      .map(([name]) => name);
    const status = down.length > 0 ? 'down' : stopped.length > 0 ? 'degraded' : 'up';
    response
      .status(down.length === 0 ? 200 : 503)
      .json({ status, down, checks, ...(stopped.length > 0 ? { stoppedProjections: stopped } : {}) });
  }

  private async stoppedProjections(): Promise<Array<{ projection: string; position: number; eventType: string }>> {
    try {
      const result = await withTimeout(
        this.runtime.pool.query<{ projection: string; position: number; eventType: string }>(
          `select projection, position, event_type as "eventType" from projection_failures order by projection`,
        ),
      );
      return result.rows;
    } catch {
      return [];
    }
  }

  /** How long ago the oldest event the projector has not applied was recorded (0 when it is at the head). */
  private async projectorLagSeconds(): Promise<number | undefined> {
    try {
      return await withTimeout(
        (async () => {
          const result = await this.runtime.pool.query<{ position: string }>(
            `select position from projection_checkpoints where name = $1`,
            [SUPERVISION_CHECKPOINT],
          );
          const [next] = await this.runtime.store.readAll(Number(result.rows[0]?.position ?? 0), 1);
          if (!next) return 0;
          return Math.max(0, Math.round((Date.now() - Date.parse(next.metadata.recordedAt)) / 1000));
        })(),
      );
    } catch {
      return undefined;
    }
  }

  private async postgres(): Promise<string> {
    try {
      await withTimeout(this.runtime.pool.query('select 1'));
      return 'up';
    } catch {
      return 'down';
    }
  }

  private async temporal(): Promise<string> {
    try {
      await withTimeout(this.runtime.temporal.connection.workflowService.getSystemInfo({}));
      return 'up';
    } catch {
      return 'down';
    }
  }

  private async projector(): Promise<string> {
    try {
      const result = await withTimeout(
        this.runtime.pool.query<{ fresh: boolean }>(
          `select bool_or(beat_at > now() - make_interval(secs => $1)) as fresh from projector_heartbeats`,
          [PROJECTOR_STALE_AFTER_SECONDS],
        ),
      );
      return result.rows[0]?.fresh ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms = 2000): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
