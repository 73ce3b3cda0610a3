/**
 * The IAM permissions each S3 API call needs on AWS (the "Permissions" sections of the S3 API
 * reference), per call and input: what real S3 checks, which is more than moto does (moto checks
 * a CopyObject or UploadPartCopy against its destination only, and a versioned HEAD as GetObject).
 */

/** One permission a call needs, on an object (`key`) or on a bucket (`prefix`: `s3:prefix`). */
export interface S3Permission {
  readonly action: string;
  readonly bucket: string;
  readonly key?: string;
  readonly prefix?: string;
  /** When the call needs it only in some cases (shown in the table). */
  readonly when?: string;
}

type Input = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function versioned(input: Input, plain: string, withVersion: string): string {
  return text(input['VersionId']) === undefined ? plain : withVersion;
}

/** `bucket/key?versionId=v` (the key URL-encoded) as CopyObject and UploadPartCopy take it. */
export function parseCopySource(copySource: string): { bucket: string; key: string; versionId?: string } {
  const [path = '', query] = copySource.replace(/^\//, '').split('?', 2);
  const slash = path.indexOf('/');
  const versionId = new URLSearchParams(query ?? '').get('versionId') ?? undefined;
  return {
    bucket: decodeURIComponent(path.slice(0, slash)),
    key: decodeURIComponent(path.slice(slash + 1)),
    ...(versionId === undefined ? {} : { versionId }),
  };
}

function copySourceRead(input: Input): S3Permission[] {
  const source = parseCopySource(text(input['CopySource']) ?? '');
  const read = source.versionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion';
  return [{ action: read, bucket: source.bucket, key: source.key }];
}

function taggingWrite(input: Input, bucket: string, key: string): S3Permission[] {
  return text(input['Tagging']) ? [{ action: 's3:PutObjectTagging', bucket, key, when: 'sets tags' }] : [];
}

/** CopyObject: read the source, write the destination; tags copied (the default) or replaced. */
function copyObject(input: Input, bucket: string, key: string): S3Permission[] {
  const source = parseCopySource(text(input['CopySource']) ?? '');
  const copiesTags = (text(input['TaggingDirective']) ?? 'COPY') === 'COPY';
  const sourceTagging = source.versionId === undefined ? 's3:GetObjectTagging' : 's3:GetObjectVersionTagging';
  return [
    { action: 's3:PutObject', bucket, key },
    ...copySourceRead(input),
    ...(copiesTags
      ? [
          { action: sourceTagging, bucket: source.bucket, key: source.key, when: 'copies tags' },
          { action: 's3:PutObjectTagging', bucket, key, when: 'copies tags' },
        ]
      : taggingWrite(input, bucket, key)),
  ];
}

const OBJECT_CALLS: Readonly<Record<string, (input: Input, bucket: string, key: string) => S3Permission[]>> =
  {
    GetObject: (input, bucket, key) => [
      { action: versioned(input, 's3:GetObject', 's3:GetObjectVersion'), bucket, key },
    ],
    HeadObject: (input, bucket, key) => [
      { action: versioned(input, 's3:GetObject', 's3:GetObjectVersion'), bucket, key },
    ],
    GetObjectTagging: (input, bucket, key) => [
      { action: versioned(input, 's3:GetObjectTagging', 's3:GetObjectVersionTagging'), bucket, key },
    ],
    PutObjectTagging: (input, bucket, key) => [
      { action: versioned(input, 's3:PutObjectTagging', 's3:PutObjectVersionTagging'), bucket, key },
    ],
    DeleteObject: (input, bucket, key) => [
      { action: versioned(input, 's3:DeleteObject', 's3:DeleteObjectVersion'), bucket, key },
    ],
    PutObject: (input, bucket, key) => [
      { action: 's3:PutObject', bucket, key },
      ...taggingWrite(input, bucket, key),
    ],
    CreateMultipartUpload: (input, bucket, key) => [
      { action: 's3:PutObject', bucket, key },
      ...taggingWrite(input, bucket, key),
    ],
    UploadPart: (_input, bucket, key) => [{ action: 's3:PutObject', bucket, key }],
    CompleteMultipartUpload: (_input, bucket, key) => [{ action: 's3:PutObject', bucket, key }],
    UploadPartCopy: (input, bucket, key) => [
      { action: 's3:PutObject', bucket, key },
      ...copySourceRead(input),
    ],
    AbortMultipartUpload: (_input, bucket, key) => [{ action: 's3:AbortMultipartUpload', bucket, key }],
    ListParts: (_input, bucket, key) => [{ action: 's3:ListMultipartUploadParts', bucket, key }],
    CopyObject: copyObject,
  };

const BUCKET_CALLS: Readonly<Record<string, string>> = {
  ListObjectsV2: 's3:ListBucket',
  ListObjects: 's3:ListBucket',
  HeadBucket: 's3:ListBucket',
  ListObjectVersions: 's3:ListBucketVersions',
  ListMultipartUploads: 's3:ListBucketMultipartUploads',
  GetBucketVersioning: 's3:GetBucketVersioning',
  GetBucketLocation: 's3:GetBucketLocation',
};

/** The call's name without the SDK's `Command` suffix: `GetObjectCommand` -> `GetObject`. */
export function s3CallName(commandName: string): string {
  return commandName.replace(/Command$/, '');
}

/** What a call needs on AWS; an unmapped call is reported as `s3:<Call>`, marked `unmapped`. */
export function s3PermissionsFor(commandName: string, input: Input): S3Permission[] {
  const call = s3CallName(commandName);
  const bucket = text(input['Bucket']) ?? '';
  const key = text(input['Key']);
  const objectCall = OBJECT_CALLS[call];
  if (objectCall !== undefined && key !== undefined) return objectCall(input, bucket, key);
  if (call === 'DeleteObjects') {
    const objects = (input['Delete'] as { Objects?: { Key?: string; VersionId?: string }[] } | undefined)
      ?.Objects;
    return (objects ?? []).map((object) => ({
      action: object.VersionId === undefined ? 's3:DeleteObject' : 's3:DeleteObjectVersion',
      bucket,
      key: object.Key ?? '',
    }));
  }
  const bucketAction = BUCKET_CALLS[call];
  if (bucketAction !== undefined) {
    const prefix = bucketAction === 's3:ListBucket' ? (text(input['Prefix']) ?? '') : undefined;
    return [{ action: bucketAction, bucket, ...(prefix === undefined ? {} : { prefix }) }];
  }
  return [{ action: `s3:${call}`, bucket, ...(key === undefined ? {} : { key }), when: 'unmapped' }];
}
