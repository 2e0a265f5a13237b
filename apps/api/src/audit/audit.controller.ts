import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { ListUnits } from '../catalog/queries';
import { attachment } from '../bulletins/documents';
import { historyFileName, historyWorkbook } from '../exports/workbooks';
import { parseMoment } from './access';
import { GetTargetHistory, VerifyChain } from './queries';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** In Chinese (filename*), with the former ASCII name for clients that read only filename. */
const disposition = (taskId: string, ext: 'json' | 'xlsx') =>
  attachment(historyFileName(taskId, ext), `${taskId.replace(/[^A-Za-z0-9_-]/g, '_')}-history.${ext}`);

@Controller('api')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  /** The task as it stood at `asOf` (default: now), with the events that led there. */
  @Get('targets/:taskId/history')
  @Roles('auditor', 'coordinator', 'office', 'submitter')
  history(@CurrentPrincipal() principal: Principal, @Param('taskId') taskId: string, @Query('asOf') asOf?: unknown) {
    return this.queries.execute(new GetTargetHistory(principal, taskId, parseMoment(asOf, 'asOf'), 'view'));
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
