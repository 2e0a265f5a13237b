/**
 * Where the bytes of evidence files live, addressed by their sha256: a file is stored once
 * however many uploads and documents name it. Which uploads exist, who made them and which
 * documents reference them is kept in PostgreSQL beside it (`Attachments`), whichever adapter
 * holds the bytes.
 */
export interface BlobStore {
  /** Stores the bytes under their sha256; storing the same content again changes nothing. */
  put(sha256: string, bytes: Buffer): Promise<void>;
  /** undefined when nothing is stored under it. */
  get(sha256: string): Promise<Buffer | undefined>;
  /** The sha256 of what is stored under the key now (undefined when nothing is): what `verify` compares. */
  digestOf(sha256: string): Promise<string | undefined>;
  /** Removes the bytes; removing what is not there is no error. */
  delete(sha256: string): Promise<void>;
}
