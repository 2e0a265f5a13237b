import { Command, Query } from '@nestjs/cqrs';
import type { AttachmentRef } from '@ledger/domain';
import type { Principal } from '../auth/principal';

/** Stores one uploaded file, its type judged by its content. */
export class UploadAttachment extends Command<AttachmentRef> {
  constructor(
    readonly principal: Principal,
    readonly bytes: Buffer,
    readonly name: string,
  ) {
    super();
  }
}

export interface AttachmentDownload {
  ref: AttachmentRef;
  bytes: Buffer;
}

/** A file with its bytes, for a principal who may read a document that references it. */
export class GetAttachment extends Query<AttachmentDownload> {
  constructor(
    readonly principal: Principal,
    readonly attachmentId: string,
  ) {
    super();
  }
}
