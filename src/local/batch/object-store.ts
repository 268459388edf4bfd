/**
 * The local backend's S3 stand-in: bucket → key → object bytes, in memory (gone when the backend stops).
 * Buckets are created on first write (no CreateBucket needed); reading a bucket nobody wrote is just empty.
 */
import { createHash } from 'node:crypto';
import { crc32Base64 } from './crc32.ts';

export interface StoredObject {
  body: Buffer;
  contentType: string;
  /** Quoted MD5 hex of the body, as S3 reports it for a single-part upload. */
  etag: string;
  /** Base64 CRC-32 of the body (`x-amz-checksum-crc32`). */
  crc32: string;
  lastModified: Date;
}

export interface ObjectSummary {
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
}

export class ObjectStore {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();

  put(bucket: string, key: string, body: Buffer, contentType = 'application/octet-stream'): StoredObject {
    let objects = this.buckets.get(bucket);
    if (!objects) {
      objects = new Map();
      this.buckets.set(bucket, objects);
    }
    const stored: StoredObject = {
      body,
      contentType,
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      crc32: crc32Base64(body),
      lastModified: new Date(),
    };
    objects.set(key, stored);
    return stored;
  }

  get(bucket: string, key: string): StoredObject | undefined {
    return this.buckets.get(bucket)?.get(key);
  }

  delete(bucket: string, key: string): void {
    this.buckets.get(bucket)?.delete(key);
  }

  createBucket(bucket: string): void {
    if (!this.buckets.has(bucket)) this.buckets.set(bucket, new Map());
  }

  /** Keys under `prefix` in lexicographic order (as S3 lists them), after `startAfter`, at most `max`. */
  list(
    bucket: string,
    prefix = '',
    startAfter = '',
    max = 1000,
  ): { objects: ObjectSummary[]; truncated: boolean } {
    const keys = [...(this.buckets.get(bucket)?.keys() ?? [])]
      .filter((k) => k.startsWith(prefix) && k > startAfter)
      .sort();
    const objects = keys.slice(0, max).map((key) => {
      const o = this.get(bucket, key)!;
      return { key, size: o.body.length, etag: o.etag, lastModified: o.lastModified };
    });
    return { objects, truncated: keys.length > max };
  }
}
