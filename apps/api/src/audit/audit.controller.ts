import { Controller, Get, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { ListUnits } from '../catalog/queries';
import { attachment } from '../bulletins/documents';
import { historyFileName, historyWorkbook } from '../exports/workbooks';
import { decodeCursor } from '../http/paging';
import { Problem } from '../http/problem';
import { parseMoment } from './access';
import { HistoryQueryDto } from './dto';
import { GetTargetHistory, VerifyChain } from './queries';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** In Chinese (filename*), with the former ASCII name for clients that read only filename. */
const disposition = (taskId: string, ext: 'json' | 'xlsx') =>
  attachment(historyFileName(taskId, ext), `${taskId.replace(/[^A-Za-z0-9_-]/g, '_')}-history.${ext}`);

@Controller('api')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  /**
   * The task as it stood at `asOf` (default: now), with the latest page of the events that led
   * there; `earlier` (and `Link: rel="next"`) names the page before while earlier events remain.
   */
  @Get('targets/:taskId/history')
  @Roles('auditor', 'coordinator', 'office', 'submitter')
  async history(
    @CurrentPrincipal() principal: Principal,
    @Param('taskId') taskId: string,
    @Query() query: HistoryQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const page = { ...(query.limit ? { limit: query.limit } : {}), ...(query.cursor ? { before: cursorPosition(query.cursor) } : {}) };
    const history = await this.queries.execute(new GetTargetHistory(principal, taskId, parseMoment(query.asOf, 'asOf'), 'view', page));
    if (history.earlier) {
      const url = new URL(request.originalUrl, 'http://local');
      url.searchParams.set('cursor', history.earlier);
      response.setHeader('Link', `<${url.pathname}${url.search}>; rel="next"`);
    }
    return history;
  }

  @Get('targets/:taskId/history.json')
  @Roles('auditor', 'coordinator', 'office', 'submitter')
  async historyJson(@CurrentPrincipal() principal: Principal, @Param('taskId') taskId: string, @Query('asOf') asOf?: unknown) {
    const history = await this.queries.execute(new GetTargetHistory(principal, taskId, parseMoment(asOf, 'asOf'), 'json'));
    return new StreamableFile(Buffer.from(JSON.stringify(history, null, 2)), {
      type: 'application/json; charset=utf-8',
      disposition: disposition(taskId, 'json'),
    });
  }

  @Get('targets/:taskId/history.xlsx')
  @Roles('auditor', 'coordinator', 'office', 'submitter')
  async historyXlsx(@CurrentPrincipal() principal: Principal, @Param('taskId') taskId: string, @Query('asOf') asOf?: unknown) {
    const history = await this.queries.execute(new GetTargetHistory(principal, taskId, parseMoment(asOf, 'asOf'), 'xlsx'));
    const units = await this.queries.execute(new ListUnits());
    const buffer = await historyWorkbook(history, new Map(units.map((unit) => [unit.code, unit.name]))).xlsx.writeBuffer();
    return new StreamableFile(Buffer.from(buffer), { type: XLSX, disposition: disposition(taskId, 'xlsx') });
  }

  @Get('audit/verify')
  @Roles('auditor', 'admin', 'coordinator')
  verify() {
    return this.queries.execute(new VerifyChain());
  }
}

/** The position a history cursor goes back from; anything else is the 400 of a cursor no answer gave. */
function cursorPosition(cursor: string): number {
  const [position] = decodeCursor(cursor, 1);
  if (typeof position === 'number' && Number.isSafeInteger(position) && position > 0) return position;
  throw new Problem(400, 'Bad Request / 请求有误', 'the cursor is not one an earlier link gave / 分页游标无效', [
    { field: 'cursor', message: 'not a cursor of this history / 分页游标无效' },
  ]);
}
