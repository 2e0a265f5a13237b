import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { parsePeriod } from '../audit/access';
import { attachment } from '../bulletins/documents';
import { ExportMonthly } from './queries';
import { monthlyFileName } from './workbooks';

@Controller('api/exports')
export class ExportsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('monthly.xlsx')
  @Roles('auditor', 'coordinator', 'office', 'admin')
  async monthly(@CurrentPrincipal() principal: Principal, @Query('period') period?: unknown) {
    const month = parsePeriod(period);
    const buffer = await this.queries.execute(new ExportMonthly(principal, month));
    return new StreamableFile(buffer, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: attachment(monthlyFileName(month), `monthly-${month}.xlsx`),
    });
  }
}
