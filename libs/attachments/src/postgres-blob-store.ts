import type { Pool } from 'pg';
import type { BlobStore } from './port';

/**
 * The default adapter: the bytes in `attachment_blobs` of the ledger's own database, so a
 * backup of the database carries the evidence with it.
 */
export class PostgresBlobStore implements BlobStore {
  constructor(private readonly pool: Pool) {}

  async put(sha256: string, bytes: Buffer): Promise<void> {
    await this.pool.query('insert into attachment_blobs (sha256, size, bytes) values ($1, $2, $3) on conflict (sha256) do nothing', [
      sha256,
      bytes.length,
      bytes,
    ]);
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<{ bytes: Buffer }>('select bytes from attachment_blobs where sha256 = $1', [sha256]);
    return rows[0]?.bytes;
  }

  async digestOf(sha256: string): Promise<string | undefined> {
    // Hashed where the bytes are: verifying does not move every file through the connection.
    const { rows } = await this.pool.query<{ digest: string }>(
      `select encode(sha256(bytes), 'hex') as digest from attachment_blobs where sha256 = $1`,
      [sha256],
    );
    return rows[0]?.digest;
  }

  async delete(sha256: string): Promise<void> {
    await this.pool.query('delete from attachment_blobs where sha256 = $1', [sha256]);
  }
}
