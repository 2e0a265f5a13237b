import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { attachmentDisposition } from '@ledger/attachments';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { SkipIdempotency } from '../http/idempotency';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { GetAttachment, UploadAttachment } from './attachments';
import { readUpload } from './upload';

const attachmentId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new Problem(400, 'Bad Request / 请求有误', 'the attachment id must be a uuid / 附件编号格式错误', [
      { field: 'id', message: 'must be a uuid' },
    ]),
});

/** 佐证材料: a unit uploads a file, then names it in `attachments` of a report, a notice answer or an instruction report. */
@Controller('api/attachments')
export class AttachmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly runtime: LedgerRuntime,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('submitter')
  // An upload is not replayed from a stored answer: the body is a file, and uploading it again only makes another id.
  @SkipIdempotency()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    required: true,
    description: 'one file in field `file`: PDF, JPEG, PNG, OFD, DOCX or XLSX (judged by content), at most ATTACHMENT_MAX_MB (20 MB)',
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  @ApiCreatedResponse({
    description: 'stored; name the id in `attachments` within 24 hours, or the upload is removed / 已上传，24 小时内未引用将被清除',
    schema: {
      type: 'object',
      required: ['id', 'sha256', 'size', 'name', 'contentType'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        size: { type: 'integer' },
        name: { type: 'string' },
        contentType: { type: 'string' },
      },
    },
  })
  @ApiResponse({ status: 413, description: 'larger than ATTACHMENT_MAX_MB; nothing stored / 文件过大' })
  @ApiResponse({ status: 415, description: 'not PDF, JPEG, PNG, OFD, DOCX or XLSX by content; nothing stored / 文件类型不支持' })
  async upload(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const file = await readUpload(request, response, this.runtime.config.attachments.maxBytes);
    return this.commands.execute(new UploadAttachment(principal, file.bytes, file.name));
  }

  @Get(':id')
  @Roles('submitter', 'coordinator', 'office', 'auditor', 'admin')
  @ApiOkResponse({
    description:
      'the file, Content-Disposition naming it in UTF-8 (filename*); readable by whoever may read a document naming it / 附件文件',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  async download(@CurrentPrincipal() principal: Principal, @Param('id', attachmentId) id: string) {
    const { ref, bytes } = await this.queries.execute(new GetAttachment(principal, id));
    return new StreamableFile(bytes, { type: ref.contentType, disposition: attachmentDisposition(ref.name), length: ref.size });
  }
}
