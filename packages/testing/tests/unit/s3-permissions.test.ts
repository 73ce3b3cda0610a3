import { isAllowed } from '../../src/iam/policy-evaluation.js';
import { parseCopySource, s3PermissionsFor } from '../../src/iam/s3-permissions.js';

describe('s3PermissionsFor (what AWS checks, per call)', () => {
  it('a versioned HEAD needs GetObjectVersion; tagging reads of a version need GetObjectVersionTagging', () => {
    expect(s3PermissionsFor('HeadObjectCommand', { Bucket: 'b', Key: 'k', VersionId: 'v' })).toEqual([
      { action: 's3:GetObjectVersion', bucket: 'b', key: 'k' },
    ]);
    expect(s3PermissionsFor('GetObjectTaggingCommand', { Bucket: 'b', Key: 'k' })).toEqual([
      { action: 's3:GetObjectTagging', bucket: 'b', key: 'k' },
    ]);
  });

  it('CopyObject reads its (versioned) source and, copying tags, reads and writes tags', () => {
    const permissions = s3PermissionsFor('CopyObjectCommand', {
      Bucket: 'dst',
      Key: 'copies/a b.txt',
      CopySource: 'src/incoming/a%20b.txt?versionId=v%2B1',
    });
    expect(permissions).toEqual([
      { action: 's3:PutObject', bucket: 'dst', key: 'copies/a b.txt' },
      { action: 's3:GetObjectVersion', bucket: 'src', key: 'incoming/a b.txt' },
      { action: 's3:GetObjectVersionTagging', bucket: 'src', key: 'incoming/a b.txt', when: 'copies tags' },
      { action: 's3:PutObjectTagging', bucket: 'dst', key: 'copies/a b.txt', when: 'copies tags' },
    ]);
    expect(parseCopySource('src/incoming/a%20b.txt?versionId=v%2B1')).toEqual({
      bucket: 'src',
      key: 'incoming/a b.txt',
      versionId: 'v+1',
    });
  });

  it('lists need ListBucket with the prefix as s3:prefix; unknown calls are named, marked unmapped', () => {
    expect(s3PermissionsFor('ListObjectsV2Command', { Bucket: 'b', Prefix: 'p/' })).toEqual([
      { action: 's3:ListBucket', bucket: 'b', prefix: 'p/' },
    ]);
    expect(s3PermissionsFor('GetObjectAclCommand', { Bucket: 'b', Key: 'k' })).toEqual([
      { action: 's3:GetObjectAcl', bucket: 'b', key: 'k', when: 'unmapped' },
    ]);
  });
});

describe('isAllowed', () => {
  const policy = {
    Version: '2012-10-17' as const,
    Statement: [
      { Effect: 'Allow' as const, Action: ['s3:Get*'], Resource: ['arn:aws:s3:::b/in/*'] },
      {
        Effect: 'Allow' as const,
        Action: ['s3:ListBucket'],
        Resource: ['arn:aws:s3:::b'],
        Condition: { StringLike: { 's3:prefix': ['in/*'] } },
      },
      { Effect: 'Deny' as const, Action: ['s3:GetObjectTagging'], Resource: ['*'] },
    ],
  };

  it('matches wildcards in actions (any case) and resources, and lets a Deny win', () => {
    expect(isAllowed([policy], 'S3:GETOBJECT', 'arn:aws:s3:::b/in/x')).toBe(true);
    expect(isAllowed([policy], 's3:GetObject', 'arn:aws:s3:::b/out/x')).toBe(false);
    expect(isAllowed([policy], 's3:GetObjectTagging', 'arn:aws:s3:::b/in/x')).toBe(false);
  });

  it('evaluates s3:prefix conditions; a missing key fails a positive condition', () => {
    expect(isAllowed([policy], 's3:ListBucket', 'arn:aws:s3:::b', { 's3:prefix': 'in/a' })).toBe(true);
    expect(isAllowed([policy], 's3:ListBucket', 'arn:aws:s3:::b', { 's3:prefix': 'out/a' })).toBe(false);
    expect(isAllowed([policy], 's3:ListBucket', 'arn:aws:s3:::b')).toBe(false);
  });
});
