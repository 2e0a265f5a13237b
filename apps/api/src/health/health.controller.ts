import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/principal';
import { LedgerRuntime } from '../runtime';

// The projector beats once per poll (1 s); silence this long means it is not working.
const PROJECTOR_STALE_AFTER_SECONDS = 15;

@Controller('api/health')
export class HealthController {
  constructor(private readonly runtime: LedgerRuntime) {}

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
