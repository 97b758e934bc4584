import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AppConfig, S3StoreConfig } from '../common/config/config';

/**
 * Where document bytes live, addressed by their SHA-256 (hex). The key never comes from a client,
 * so nothing can be written outside the store, and the same content is stored once.
 */
export interface DocumentStore {
  readonly kind: 'file' | 's3';
  put(sha256: string, body: Buffer): Promise<void>;
  /** the content, or null when the store does not hold it */
  open(sha256: string): Promise<Readable | null>;
  /** gone for good (retention); nothing to do when it is not there */
  remove(sha256: string): Promise<void>;
}

const SHA = /^[0-9a-f]{64}$/;
function checkKey(sha256: string) {
  if (!SHA.test(sha256)) throw new Error(`document key must be a SHA-256 hex digest (got ${sha256.slice(0, 80)})`);
}

/** DATA_DIR/documents/<sha256>, written through a temporary file and a rename (never half a file). */
export class FileDocumentStore implements DocumentStore {
  readonly kind = 'file' as const;
  constructor(private readonly dir: string) {}

  async put(sha256: string, body: Buffer) {
    checkKey(sha256);
    mkdirSync(this.dir, { recursive: true });
    const target = join(this.dir, sha256);
    if (existsSync(target)) return;
    const tmp = join(this.dir, `.upload-${randomBytes(8).toString('hex')}`);
    writeFileSync(tmp, body, { mode: 0o640 });
    renameSync(tmp, target);
  }

  async open(sha256: string) {
    checkKey(sha256);
    const path = join(this.dir, sha256);
    return existsSync(path) ? createReadStream(path) : null;
  }

  async remove(sha256: string) {
    checkKey(sha256);
    rmSync(join(this.dir, sha256), { force: true });
  }
}

/** An S3-compatible bucket (AWS S3, MinIO, Ceph RGW, OSS/COS in S3 mode): <prefix><sha256>. */
export class S3DocumentStore implements DocumentStore {
  readonly kind = 's3' as const;
  private client: Promise<{ s3: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> | null = null;

  constructor(private readonly cfg: S3StoreConfig) {}

  /** The SDK is loaded on first use: installations on local disk never pay for it. */
  private sdk() {
    this.client ??= import('@aws-sdk/client-s3').then((sdk) => ({ sdk, s3: this.create(sdk) }));
    return this.client;
  }

  private create(sdk: typeof import('@aws-sdk/client-s3')) {
    const cfg = this.cfg;
    return new sdk.S3Client({
      region: cfg.region,
      endpoint: cfg.endpoint ?? undefined,
      forcePathStyle: cfg.forcePathStyle,
      credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey },
      // S3-compatible stores do not all accept the SDK's default trailing checksums
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
  }

  private key(sha256: string) {
    checkKey(sha256);
    return `${this.cfg.prefix}${sha256}`;
  }

  async put(sha256: string, body: Buffer) {
    const Key = this.key(sha256);
    const { s3, sdk } = await this.sdk();
    try {
      await s3.send(new sdk.HeadObjectCommand({ Bucket: this.cfg.bucket, Key }));
      return; // content-addressed: already there
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    await s3.send(
      new sdk.PutObjectCommand({ Bucket: this.cfg.bucket, Key, Body: body, ContentType: 'application/pdf' }),
    );
  }

  async open(sha256: string) {
    const { s3, sdk } = await this.sdk();
    try {
      const out = await s3.send(new sdk.GetObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(sha256) }));
      return (out.Body as Readable | undefined) ?? null;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async remove(sha256: string) {
    const { s3, sdk } = await this.sdk();
    await s3.send(new sdk.DeleteObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(sha256) }));
  }
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404;
}

export function documentStoreFor(config: AppConfig): DocumentStore {
  return config.documentStore.kind === 's3'
    ? new S3DocumentStore(config.documentStore)
    : new FileDocumentStore(join(config.dataDir, 'documents'));
}
