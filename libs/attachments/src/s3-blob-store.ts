import { createHash } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { BlobStore } from './port';

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Key prefix inside the bucket (default `attachments/`). */
  prefix?: string;
}

/**
 * For deployments whose evidence outgrows the database: the bytes as objects of an
 * S3-compatible store (MinIO, Ceph, a cloud's), keyed by sha256. Path-style addressing, which
 * every S3-compatible server accepts.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: true,
      ...(settings.accessKeyId && settings.secretAccessKey
        ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
        : {}),
    });
    this.prefix = settings.prefix ?? 'attachments/';
  }

  private key(sha256: string): string {
    return `${this.prefix}${sha256}`;
  }

  async put(sha256: string, bytes: Buffer): Promise<void> {
    // Content addressed: writing the same key again writes the same bytes.
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256), Body: bytes }));
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }));
      return answer.Body ? Buffer.from(await answer.Body.transformToByteArray()) : undefined;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async digestOf(sha256: string): Promise<string | undefined> {
    const bytes = await this.get(sha256);
    return bytes && createHash('sha256').update(bytes).digest('hex');
  }

  async delete(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }));
  }

  close(): void {
    this.client.destroy();
  }
}
