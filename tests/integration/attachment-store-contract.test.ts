import { createHash, randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { Pool } from 'pg';
import { ATTACHMENT_MIGRATIONS, Attachments, PostgresBlobStore, S3BlobStore, type BlobStore } from '@ledger/attachments';
import { attachmentSettings } from '@ledger/config';
import { createPool, migrate } from '@ledger/postgres';
import { pdfFile } from '../support/files';
import { createTestDatabase } from '../support/database';

/**
 * One behaviour, every adapter of the evidence port: PostgreSQL always, an S3-compatible store
 * when S3_ENDPOINT names one. The catalogue (uploads, references, sweep) is PostgreSQL in both
 * cases and runs here over each adapter.
 */
interface Adapter {
  name: string;
  open(pool: Pool): Promise<BlobStore>;
  close(): Promise<void>;
}

const postgresAdapter: Adapter = {
  name: 'PostgreSQL',
  open: async (pool) => new PostgresBlobStore(pool),
  close: async () => undefined,
};

function s3Adapter(settings: NonNullable<ReturnType<typeof attachmentSettings>['s3']>): Adapter {
  const stores: S3BlobStore[] = [];
  return {
    name: `S3 (${settings.endpoint})`,
    async open() {
      // A fresh prefix per run, so the suite also works on a bucket that holds other objects.
      const store = new S3BlobStore({ ...settings, prefix: `contract-${randomBytes(4).toString('hex')}/` });
      const client = new S3Client({
        endpoint: settings.endpoint,
        region: settings.region,
        forcePathStyle: true,
        ...(settings.accessKeyId && settings.secretAccessKey
          ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
          : {}),
      });
      await client.send(new CreateBucketCommand({ Bucket: settings.bucket })).catch((error: { name?: string }) => {
        if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
      });
      client.destroy();
      stores.push(store);
      return store;
    },
    close: async () => stores.forEach((store) => store.close()),
  };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function contractSuite(adapter: Adapter): void {
  describe(`attachment store contract: ${adapter.name}`, () => {
    let pool: Pool;
    let blobs: BlobStore;

    beforeAll(async () => {
      pool = createPool(await createTestDatabase('attachment_contract'));
      await migrate(pool, 'attachments', ATTACHMENT_MIGRATIONS);
      blobs = await adapter.open(pool);
    });
    afterAll(async () => {
      await adapter.close();
      await pool?.end();
    });

    it('gives back the bytes stored under their sha256, and nothing for a key never stored', async () => {
      const bytes = randomBytes(4096);
      await blobs.put(sha256(bytes), bytes);
      expect((await blobs.get(sha256(bytes)))!.equals(bytes)).toBe(true);
      expect(await blobs.get(sha256(randomBytes(8)))).toBeUndefined();
    });

    it('stores the same content again without change', async () => {
      const bytes = randomBytes(1024);
      await blobs.put(sha256(bytes), bytes);
      await blobs.put(sha256(bytes), bytes);
      expect((await blobs.get(sha256(bytes)))!.equals(bytes)).toBe(true);
    });

    it('keeps a file of several megabytes byte for byte', async () => {
      const bytes = randomBytes(5 * 1024 * 1024);
      await blobs.put(sha256(bytes), bytes);
      expect(sha256((await blobs.get(sha256(bytes)))!)).toBe(sha256(bytes));
    });

    it('tells the digest of what is stored, undefined when nothing is', async () => {
      const bytes = randomBytes(100);
      await blobs.put(sha256(bytes), bytes);
      expect(await blobs.digestOf(sha256(bytes))).toBe(sha256(bytes));
      expect(await blobs.digestOf(sha256(randomBytes(8)))).toBeUndefined();
    });

    it('deletes, and deleting what is not there is no error', async () => {
      const bytes = randomBytes(100);
      await blobs.put(sha256(bytes), bytes);
      await blobs.delete(sha256(bytes));
      expect(await blobs.get(sha256(bytes))).toBeUndefined();
      await expect(blobs.delete(sha256(bytes))).resolves.toBeUndefined();
    });

    it('under the catalogue: two uploads of one file share its bytes until the last of them is swept', async () => {
      const attachments = new Attachments(pool, blobs);
      const bytes = pdfFile(randomBytes(8).toString('hex'));
      const uploader = { accountId: 'a1', unitId: 'edu' };
      const uploadedAt = new Date('2025-06-01T00:00:00Z');
      const kept = await attachments.store(bytes, '甲.pdf', uploader, uploadedAt);
      const stray = await attachments.store(bytes, '乙.pdf', uploader, uploadedAt);
      expect(stray.sha256).toBe(kept.sha256);
      await attachments.link([kept.id], 'report-x');
      await attachments.sweep(new Date('2025-06-03T00:00:00Z'));
      expect(await attachments.find(stray.id)).toBeUndefined();
      expect((await attachments.read(kept))!.equals(bytes)).toBe(true);
      await pool.query('delete from attachment_links where attachment_id = $1', [kept.id]);
      await attachments.sweep(new Date('2025-06-03T00:00:00Z'));
      expect(await attachments.find(kept.id)).toBeUndefined();
      expect(await blobs.get(kept.sha256)).toBeUndefined();
    });

    it('under the catalogue: many uploads of one file at once, more than the pool has connections, all succeed', async () => {
      const attachments = new Attachments(pool, blobs);
      const bytes = pdfFile(randomBytes(8).toString('hex'));
      const uploads = await Promise.all(
        Array.from({ length: 40 }, (_, i) => attachments.store(bytes, `${i}.pdf`, { accountId: 'a1', unitId: 'edu' })),
      );
      expect(new Set(uploads.map((upload) => upload.id)).size).toBe(40);
      expect((await blobs.get(sha256(bytes)))!.equals(bytes)).toBe(true);
    }, 30_000);
  });
}

contractSuite(postgresAdapter);

const s3 = attachmentSettings(process.env).s3;
if (s3) {
  contractSuite(s3Adapter(s3));
} else {
  // Skipped with a reason: no S3-compatible server runs here or in CI by default; setting
  // S3_ENDPOINT (and S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY) runs the same suite against one.
  describe.skip('attachment store contract: S3 (skipped: S3_ENDPOINT is not set)', () => {
    it('runs when S3_ENDPOINT names an S3-compatible server, e.g. http://127.0.0.1:9000', () => undefined);
  });
  console.log('attachment store contract: S3 part skipped — S3_ENDPOINT is not set (e.g. http://127.0.0.1:9000)');
}
