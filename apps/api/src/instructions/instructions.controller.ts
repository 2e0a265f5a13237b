import { sendPage } from '../http/paging';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DOCUMENT_ACTION_ROLES } from '@ledger/plan-catalog';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { DocumentActionRoutes } from '../http/document-actions';
import { CorrelationId } from '../http/idempotency';
import { Problem } from '../http/problem';
import { INSTRUCTION_ACTIONS } from './actions';
import { ListInstructionsQueryDto, RecordInstructionDto } from './dto';
import { ActOnInstruction, GetInstruction, ListInstructions, RecordInstructionCommand } from './instructions';

const instructionId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new Problem(400, 'Bad Request / 请求有误', 'the instruction id must be a uuid / 批示编号格式错误', [
      { field: 'id', message: 'must be a uuid' },
    ]),
});

/** 领导批示: the office records it; the lead unit reads it and reports how it was carried out; auditors read. The actions are INSTRUCTION_ACTIONS. */
@Controller('api/instructions')
@DocumentActionRoutes(INSTRUCTION_ACTIONS, { idPipe: instructionId, command: ActOnInstruction })
export class InstructionsController {
  constructor(
    readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles(...DOCUMENT_ACTION_ROLES.instruction.record)
  record(@CurrentPrincipal() principal: Principal, @Body() body: RecordInstructionDto, @CorrelationId() correlationId: string) {
    return this.commands.execute(new RecordInstructionCommand(principal, body, correlationId));
  }

  @Get()
  @Roles('submitter', 'coordinator', 'office', 'auditor')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() filter: ListInstructionsQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return sendPage(request, response, await this.queries.execute(new ListInstructions(principal, filter)));
  }

  @Get(':id')
  @Roles('submitter', 'coordinator', 'office', 'auditor')
  get(@CurrentPrincipal() principal: Principal, @Param('id', instructionId) id: string) {
    return this.queries.execute(new GetInstruction(principal, id));
  }
}
