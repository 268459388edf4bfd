/** `s3://bucket/key` URIs of batch jobs. */

export interface S3Location {
  bucket: string;
  /** The key or key prefix ('' for the whole bucket). */
  key: string;
}

/** Parses `s3://bucket[/key]`; undefined when it is not one (S3 bucket names: 3-63 of a-z 0-9 . -). */
export function parseS3Uri(uri: string): S3Location | undefined {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!m?.[1]) return undefined;
  return { bucket: m[1], key: m[2] ?? '' };
}

/** A key prefix as a folder: '' stays '', anything else ends with `/`. */
export function asFolder(key: string): string {
  return key === '' || key.endsWith('/') ? key : `${key}/`;
}
