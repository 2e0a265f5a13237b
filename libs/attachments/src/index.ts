/**
 * 佐证材料: uploads checked by content, stored once by sha256 behind a port (PostgreSQL by
 * default, S3-compatible for larger deployments), referenced by documents, verified against the
 * events that name them, and swept when nobody referenced them in time.
 */
export { ALLOWED_TYPES, mayBeAllowed, sniffContentType, zipEntryNames, SIGNATURE_BYTES, type AllowedContentType } from './content-type';
export { attachmentDisposition, cleanFileName } from './file-name';
export type { BlobStore } from './port';
export { PostgresBlobStore } from './postgres-blob-store';
export { S3BlobStore, type S3Settings } from './s3-blob-store';
export { Attachments, UnsupportedFileError, UNREFERENCED_UPLOAD_HOURS, type StoredAttachment, type Uploader } from './attachments';
export { ATTACHMENT_MIGRATIONS } from './schema';
export {
  attachmentsOf,
  describeBrokenAttachment,
  verifyAttachments,
  verifyAudit,
  type AttachmentVerification,
  type AuditVerification,
} from './verify';
