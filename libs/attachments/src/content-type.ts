/**
 * What a file is, decided from its bytes (magic numbers), never from its name: a `.pdf` that
 * starts with ELF is an executable. OFD, DOCX and XLSX are ZIP archives, told apart by the
 * entries their central directory names.
 */
export const ALLOWED_TYPES = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  ofd: 'application/ofd',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export type AllowedContentType = (typeof ALLOWED_TYPES)[keyof typeof ALLOWED_TYPES];

const PDF = Buffer.from('%PDF-', 'latin1');
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The longest signature: this many bytes are enough for `mayBeAllowed`. */
export const SIGNATURE_BYTES = 8;

const startsWith = (bytes: Buffer, signature: Buffer) =>
  bytes.length >= signature.length && bytes.subarray(0, signature.length).equals(signature);

/** Whether a file starting with these bytes can still turn out to be allowed (checked before the rest is read). */
export function mayBeAllowed(head: Buffer): boolean {
  return [PDF, JPEG, PNG, ZIP].some((signature) => startsWith(head, signature.subarray(0, Math.min(signature.length, head.length))));
}

/** The content type of an allowed file, or undefined for anything else. */
export function sniffContentType(bytes: Buffer): AllowedContentType | undefined {
  if (startsWith(bytes, PDF)) return ALLOWED_TYPES.pdf;
  if (startsWith(bytes, JPEG)) return ALLOWED_TYPES.jpeg;
  if (startsWith(bytes, PNG)) return ALLOWED_TYPES.png;
  if (!startsWith(bytes, ZIP)) return undefined;
  const entries = zipEntryNames(bytes);
  if (!entries) return undefined;
  // GB/T 33190: the package's entry point is OFD.xml at the root.
  if (entries.some((name) => name === 'OFD.xml')) return ALLOWED_TYPES.ofd;
  const hasContentTypes = entries.includes('[Content_Types].xml');
  if (hasContentTypes && entries.some((name) => name.startsWith('word/'))) return ALLOWED_TYPES.docx;
  if (hasContentTypes && entries.some((name) => name.startsWith('xl/'))) return ALLOWED_TYPES.xlsx;
  return undefined;
}

const EOCD = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;

/**
 * The names in a ZIP's central directory, or undefined when it has none that reads cleanly. The
 * end-of-central-directory record is within the last 65,557 bytes (22 + a comment of at most 65,535).
 */
export function zipEntryNames(bytes: Buffer): string[] | undefined {
  const earliest = Math.max(0, bytes.length - 65_557);
  let end = -1;
  for (let at = bytes.length - 22; at >= earliest; at--) {
    if (bytes.readUInt32LE(at) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL_ENTRY) return undefined;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    if (at + 46 + nameLength > bytes.length) return undefined;
    names.push(bytes.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
