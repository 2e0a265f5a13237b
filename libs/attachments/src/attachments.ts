import { createHash, randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { AttachmentRef } from '@ledger/domain';
import { sniffContentType } from './content-type';
import { cleanFileName } from './file-name';
import type { BlobStore } from './port';

/** Uploads not referenced by any document within this time are removed by `sweep`. */
export const UNREFERENCED_UPLOAD_HOURS = 24;

/** Who uploaded a file: the account, and the unit it belongs to (submitters). */
export interface Uploader {
  accountId: string;
  unitId: string | null;
}

/** An upload as kept: its reference, who made it, and the document streams that name it. */
export interface StoredAttachment extends AttachmentRef {
  uploadedBy: string;
  unitId: string | null;
  uploadedAt: string;
  streamIds: string[];
}

/** The content is none of the allowed types (PDF, JPEG, PNG, OFD, DOCX, XLSX). */
export class UnsupportedFileError extends Error {
  constructor() {
    super('the file is not a PDF, JPEG, PNG, OFD, DOCX or XLSX');
    this.name = 'UnsupportedFileError';
  }
}

interface AttachmentRecord {
  id: string;
  sha256: string;
  size: string;
  name: string;
  content_type: string;
  uploaded_by: string;
  unit_id: string | null;
  uploaded_at: Date;
  stream_ids: string[] | null;
}

const refOf = (row: AttachmentRecord): AttachmentRef => ({
  id: row.id,
  sha256: row.sha256,
  size: Number(row.size),
  name: row.name,
  contentType: row.content_type,
});

/**
 * The evidence catalogue: uploads and their references in PostgreSQL, the bytes in a
 * `BlobStore`. An upload and the removal of unreferenced bytes take the same advisory lock per
 * sha256, so a sweep never removes bytes an upload of the same content has just come to rely on.
 */
export class Attachments {
  constructor(
    private readonly pool: Pool,
    readonly blobs: BlobStore,
  ) {}

  /** Stores a file whose type its content decides; nothing is stored when it is refused. */
  async store(bytes: Buffer, rawName: string | undefined, uploader: Uploader, now = new Date()): Promise<AttachmentRef> {
    const contentType = sniffContentType(bytes);
    if (!contentType) throw new UnsupportedFileError();
    const ref: AttachmentRef = {
      id: randomUUID(),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      name: cleanFileName(rawName),
      contentType,
    };
    await this.underLock(ref.sha256, async (client) => {
      await client.query(
        `insert into attachments (id, sha256, size, name, content_type, uploaded_by, unit_id, uploaded_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [ref.id, ref.sha256, ref.size, ref.name, ref.contentType, uploader.accountId, uploader.unitId, now],
      );
      await this.blobs.put(ref.sha256, bytes);
    });
    return ref;
  }

  async find(id: string): Promise<StoredAttachment | undefined> {
    const { rows } = await this.pool.query<AttachmentRecord>(
      `select a.*, array(select l.stream_id from attachment_links l where l.attachment_id = a.id order by l.stream_id) as stream_ids
       from attachments a where a.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      ...refOf(row),
      uploadedBy: row.uploaded_by,
      unitId: row.unit_id,
      uploadedAt: row.uploaded_at.toISOString(),
      streamIds: row.stream_ids ?? [],
    };
  }

  /**
   * The references of uploads a unit (or, for an account without a unit, that account) made, in
   * the order asked; `missing` lists the ids that are not such an upload.
   */
  async ownedBy(ids: readonly string[], uploader: Uploader): Promise<{ refs: AttachmentRef[]; missing: string[] }> {
    const unique = [...new Set(ids)];
    const { rows } = await this.pool.query<AttachmentRecord>(
      `select * from attachments where id = any($1::uuid[]) and (case when $2::text is null then uploaded_by = $3 else unit_id = $2 end)`,
      [unique, uploader.unitId, uploader.accountId],
    );
    const byId = new Map(rows.map((row) => [row.id, refOf(row)]));
    return { refs: unique.flatMap((id) => byId.get(id) ?? []), missing: unique.filter((id) => !byId.has(id)) };
  }

  /**
   * Records that a document's stream references the uploads. Called before the document's
   * workflow records the event, so a sweep never removes a file an event may name; a refused
   * action leaves a reference that only keeps the file.
   */
  async link(ids: readonly string[], streamId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query(`insert into attachment_links (attachment_id, stream_id) select unnest($1::uuid[]), $2 on conflict do nothing`, [
      [...new Set(ids)],
      streamId,
    ]);
  }

  read(ref: Pick<AttachmentRef, 'sha256'>): Promise<Buffer | undefined> {
    return this.blobs.get(ref.sha256);
  }

  /**
   * Removes uploads that no document referenced within `UNREFERENCED_UPLOAD_HOURS` of `now`, and
   * the bytes no upload names any more. Answers how many of each went.
   */
  async sweep(now: Date, maxAgeHours = UNREFERENCED_UPLOAD_HOURS): Promise<{ uploads: number; blobs: number }> {
    const cutoff = new Date(now.getTime() - maxAgeHours * 3_600_000);
    const { rows } = await this.pool.query<{ sha256: string }>(
      `delete from attachments a where a.uploaded_at < $1
         and not exists (select 1 from attachment_links l where l.attachment_id = a.id)
       returning a.sha256`,
      [cutoff],
    );
    let blobs = 0;
    for (const sha256 of new Set(rows.map((row) => row.sha256))) {
      await this.underLock(sha256, async (client) => {
        const { rowCount } = await client.query('select 1 from attachments where sha256 = $1 limit 1', [sha256]);
        if (rowCount) return;
        await this.blobs.delete(sha256);
        blobs++;
      });
    }
    return { uploads: rows.length, blobs };
  }

  /** Tails of the queues of this process's holders and waiters of each sha256's lock. */
  private readonly queues = new Map<string, Promise<void>>();

  /**
   * Runs `work` holding the sha256's advisory lock. Callers of one process queue here first: a
   * waiter for the database lock holds a pooled connection, and the holder needs another for the
   * bytes (PostgresBlobStore), so ten uploads of one file at once must not wait on the database.
   */
  private underLock(sha256: string, work: (client: PoolClient) => Promise<void>): Promise<void> {
    const previous = this.queues.get(sha256) ?? Promise.resolve();
    const mine = previous.then(() => this.underDatabaseLock(sha256, work));
    const tail = mine.catch(() => undefined);
    this.queues.set(sha256, tail);
    void tail.then(() => {
      if (this.queues.get(sha256) === tail) this.queues.delete(sha256);
    });
    return mine;
  }

  private async underDatabaseLock(sha256: string, work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query(`select pg_advisory_xact_lock(hashtext('attachment:' || $1))`, [sha256]);
      await work(client);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
