import { Body, Controller, Get, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DOCUMENT_ACTION_ROLES } from '@ledger/plan-catalog';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { DocumentActionRoutes } from '../http/document-actions';
import { DocumentIdPipe } from '../http/document-id';
import { CorrelationId } from '../http/idempotency';
import { BULLETIN_ACTIONS } from './actions';
import { ActOnBulletin, DraftBulletinCommand, GetBulletin, GetBulletinDocument, ListBulletins } from './bulletins';
import { attachment, bulletinPdf, bulletinWorkbook } from './documents';
import { BulletinCommentaryDto, DraftBulletinDto, ListBulletinsQueryDto } from './dto';

const bulletinId = new DocumentIdPipe('the bulletin id is not valid / 督查通报编号格式错误');
const READERS = ['submitter', 'coordinator', 'office', 'auditor'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * 督查通报: the office's staff draft a period's bulletin and write its commentary, the office signs
 * it off (签发, which publishes it to the member units), each member unit marks it read (已阅);
 * auditors read every version. The actions are BULLETIN_ACTIONS.
 */
@Controller('api/bulletins')
@DocumentActionRoutes(BULLETIN_ACTIONS, { idPipe: bulletinId, command: ActOnBulletin })
export class BulletinsController {
  constructor(
    readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles(...DOCUMENT_ACTION_ROLES.bulletin.draft)
  draft(@CurrentPrincipal() principal: Principal, @Body() body: DraftBulletinDto, @CorrelationId() correlationId: string) {
    return this.commands.execute(new DraftBulletinCommand(principal, body.period, correlationId));
  }

  /** The commentary replaced whole: the same as `POST :id/commentary`, for clients that say so with PUT. */
  @Put(':id/commentary')
  @Roles(...BULLETIN_ACTIONS.commentary.roles)
  replaceCommentary(
    @CurrentPrincipal() principal: Principal,
    @Param('id', bulletinId) id: string,
    @Body() body: BulletinCommentaryDto,
    @CorrelationId() correlationId: string,
  ) {
    return this.commands.execute(new ActOnBulletin(principal, id, 'commentary', body, correlationId));
  }

  @Get()
  @Roles(...READERS)
  list(@CurrentPrincipal() principal: Principal, @Query() filter: ListBulletinsQueryDto) {
    return this.queries.execute(new ListBulletins(principal, filter.planId));
  }

  // Declared before `:id`, which would take `….pdf` as an id.
  @Get(':id.pdf')
  @Roles(...READERS)
  async pdf(@CurrentPrincipal() principal: Principal, @Param('id', bulletinId) id: string) {
    const { document, unitNames, fileName, asciiName } = await this.queries.execute(new GetBulletinDocument(principal, id, 'pdf'));
    return new StreamableFile(await bulletinPdf(document, unitNames), {
      type: 'application/pdf',
      disposition: attachment(fileName, asciiName),
    });
  }

  @Get(':id.xlsx')
  @Roles(...READERS)
  async xlsx(@CurrentPrincipal() principal: Principal, @Param('id', bulletinId) id: string) {
    const { document, unitNames, fileName, asciiName } = await this.queries.execute(new GetBulletinDocument(principal, id, 'xlsx'));
    const buffer = await bulletinWorkbook(document, unitNames).xlsx.writeBuffer();
    return new StreamableFile(Buffer.from(buffer), { type: XLSX, disposition: attachment(fileName, asciiName) });
  }

  @Get(':id')
  @Roles(...READERS)
  get(@CurrentPrincipal() principal: Principal, @Param('id', bulletinId) id: string) {
    return this.queries.execute(new GetBulletin(principal, id));
  }
}
