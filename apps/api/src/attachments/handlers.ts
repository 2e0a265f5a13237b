import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { UnsupportedFileError } from '@ledger/attachments';
import type { AttachmentRef } from '@ledger/domain';
import { Problem } from '../http/problem';
import { LedgerRuntime } from '../runtime';
import { mayReadAttachment } from './access';
import { GetAttachment, UploadAttachment, type AttachmentDownload } from './attachments';
import { unsupportedType } from './upload';

@CommandHandler(UploadAttachment)
export class UploadAttachmentHandler implements ICommandHandler<UploadAttachment> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, bytes, name }: UploadAttachment): Promise<AttachmentRef> {
    try {
      return await this.runtime.attachments.store(bytes, name, { accountId: principal.accountId, unitId: principal.unitId });
    } catch (error) {
      if (error instanceof UnsupportedFileError) throw unsupportedType();
      throw error;
    }
  }
}

@QueryHandler(GetAttachment)
export class GetAttachmentHandler implements IQueryHandler<GetAttachment> {
  constructor(private readonly runtime: LedgerRuntime) {}

  async execute({ principal, attachmentId }: GetAttachment): Promise<AttachmentDownload> {
    const attachment = await this.runtime.attachments.find(attachmentId);
    if (!attachment) throw new Problem(404, 'Not Found / 未找到', `no attachment ${attachmentId} / 附件不存在`);
    if (!(await mayReadAttachment(this.runtime, principal, attachment)))
      throw new Problem(403, 'Forbidden / 无权操作', 'the attachment belongs to a document you may not read / 无权查看该附件');
    const bytes = await this.runtime.attachments.read(attachment);
    // The catalogue names it but the bytes are gone: `audit verify` names such a file too.
    if (!bytes) throw new Problem(404, 'Not Found / 未找到', `the file of attachment ${attachmentId} is missing / 附件文件缺失`);
    const { id, sha256, size, name, contentType } = attachment;
    return { ref: { id, sha256, size, name, contentType }, bytes };
  }
}

const SWEEP_EVERY_MS = 60 * 60 * 1000;

/** Removes uploads nobody referenced within a day, hourly (API replicas may overlap: a sweep is idempotent). */
@Injectable()
export class AttachmentSweeper implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('AttachmentSweeper');

  constructor(private readonly runtime: LedgerRuntime) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async sweep(): Promise<void> {
    try {
      const removed = await this.runtime.attachments.sweep(new Date());
      if (removed.uploads > 0) this.logger.log(`removed ${removed.uploads} unreferenced uploads, ${removed.blobs} files`);
    } catch (error) {
      this.logger.warn(`attachment sweep failed: ${(error as Error).message}`);
    }
  }
}

export const ATTACHMENT_HANDLERS = [UploadAttachmentHandler, GetAttachmentHandler, AttachmentSweeper];
