import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { IsISO8601, IsString, Matches } from 'class-validator';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { parseMoment, parsePeriod } from '../audit/access';
import { attachment } from '../bulletins/documents';
import { DashboardFilterDto } from '../dashboard/dto';
import { Optional } from '../http/optional';
import { ExportMonthly } from './queries';
import { monthlyFileName } from './workbooks';

/** 月报 takes the dashboard's filters, so the console exports the view it shows. */
class MonthlyExportQueryDto extends DashboardFilterDto {
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be a month written YYYY-MM / 期间格式应为 YYYY-MM' })
  period!: string;
  /** The moment the figures stand at; the period's deadline (or now, while that is ahead) when absent. */
  @Optional() @IsISO8601({}, { message: 'asOf must be an ISO 8601 date-time / asOf 应为 ISO 8601 时间' }) asOf?: string;
}

@Controller('api/exports')
export class ExportsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('monthly.xlsx')
  @Roles('auditor', 'coordinator', 'office', 'admin')
  async monthly(@CurrentPrincipal() principal: Principal, @Query() query: MonthlyExportQueryDto) {
    const { period, asOf, ...filter } = query;
    const month = parsePeriod(period);
    const buffer = await this.queries.execute(new ExportMonthly(principal, month, filter, parseMoment(asOf, 'asOf')));
    const filtered = Object.values(filter).some((value) => value !== undefined);
    return new StreamableFile(buffer, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: attachment(monthlyFileName(month, filtered), `monthly-${month}.xlsx`),
    });
  }
}
