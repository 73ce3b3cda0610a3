/**
 * The prices the cost model uses: one typed, dated table with its source. Override any of them
 * (another region, a negotiated rate) by passing a partial table.
 */

export interface Prices {
  /** When these were read, and where. */
  readonly asOf: string;
  readonly source: string;
  readonly lambda: {
    /** USD per request. */
    readonly perRequest: number;
    /** USD per GB-second, by architecture (arm64 is cheaper). */
    readonly perGbSecond: { readonly x86_64: number; readonly arm64: number };
  };
  readonly s3: {
    /** USD per GB-month of S3 Standard (first 50 TB). */
    readonly perGbMonth: number;
    /** USD per PUT, COPY, POST or LIST request. */
    readonly perPutRequest: number;
    /** USD per GET, HEAD and every other request. */
    readonly perGetRequest: number;
  };
  /** The object catalog's table, on-demand (Standard table class): dated on its own. */
  readonly dynamodb: {
    /** USD per write request unit (a standard write of up to 1 KB). */
    readonly perWriteRequestUnit: number;
    readonly asOf: string;
    readonly source: string;
  };
}

/**
 * us-east-1 list prices, as the project's seed documents quote them (Lambda: $0.20 per million
 * requests, $0.0000166667 per GB-second on x86; S3 Standard: $0.023 per GB-month, $0.005 per 1,000
 * PUTs, $0.0004 per 1,000 GETs) and the AWS Lambda pricing page gives for arm64 ($0.0000133334).
 * Free tiers (1M requests and 400,000 GB-s a month) are not subtracted: the figures are marginal.
 */
export const US_EAST_1_PRICES: Prices = {
  asOf: '2026-11-30',
  source: 'https://aws.amazon.com/lambda/pricing/ and https://aws.amazon.com/s3/pricing/ (us-east-1)',
  lambda: { perRequest: 0.2 / 1e6, perGbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 } },
  s3: { perGbMonth: 0.023, perPutRequest: 0.005 / 1000, perGetRequest: 0.0004 / 1000 },
  // $0.625 per million write request units: half the $1.25 of before AWS cut on-demand throughput
  // prices by 50% on 2024-11-01.
  dynamodb: {
    perWriteRequestUnit: 0.625 / 1e6,
    asOf: '2026-12-05',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (us-east-1, Standard table class)',
  },
};

/** Athena's price for SQL queries over S3: per TB scanned, rounded up to the MB, with a minimum per query. */
export interface AthenaPrice {
  readonly asOf: string;
  readonly source: string;
  /** USD per TB scanned (1 TB = 2^40 bytes, as AWS bills data volumes). */
  readonly perTbScanned: number;
  /** Each query is billed at least this many bytes (10 MB). */
  readonly minimumBytesPerQuery: number;
  /** Scanned bytes are rounded up to a multiple of this (1 MB). */
  readonly roundingBytes: number;
}

/** us-east-1: $5.00 per TB scanned, rounded up to the nearest MB, 10 MB minimum per query (DDL and failed queries are free). */
export const ATHENA_PRICE: AthenaPrice = {
  asOf: '2026-12-05',
  source: 'https://aws.amazon.com/athena/pricing/ (us-east-1, SQL queries)',
  perTbScanned: 5,
  minimumBytesPerQuery: 10 * 2 ** 20,
  roundingBytes: 2 ** 20,
};

/** The bytes a query that scanned `scannedBytes` is billed for, and their price in USD. */
export function athenaQueryCost(
  scannedBytes: number,
  price: AthenaPrice = ATHENA_PRICE,
): { readonly billedBytes: number; readonly usd: number } {
  const rounded = Math.ceil(scannedBytes / price.roundingBytes) * price.roundingBytes;
  const billedBytes = Math.max(rounded, price.minimumBytesPerQuery);
  return { billedBytes, usd: (billedBytes / 2 ** 40) * price.perTbScanned };
}

type DeepPartial<T> = { readonly [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** The default table with some prices replaced. */
export function withPrices(overrides: DeepPartial<Prices>, base: Prices = US_EAST_1_PRICES): Prices {
  return {
    asOf: overrides.asOf ?? base.asOf,
    source: overrides.source ?? base.source,
    lambda: {
      perRequest: overrides.lambda?.perRequest ?? base.lambda.perRequest,
      perGbSecond: { ...base.lambda.perGbSecond, ...overrides.lambda?.perGbSecond },
    },
    s3: { ...base.s3, ...overrides.s3 },
    dynamodb: { ...base.dynamodb, ...overrides.dynamodb },
  };
}

/** S3's PUT-class operations (billed at the PUT rate); deletes and aborts are free; the rest bill as GETs. */
const PUT_CLASS = new Set([
  'PutObject',
  'CopyObject',
  'PostObject',
  'CreateMultipartUpload',
  'UploadPart',
  'UploadPartCopy',
  'CompleteMultipartUpload',
  'ListObjects',
  'ListObjectsV2',
  'ListObjectVersions',
  'ListMultipartUploads',
  'PutObjectTagging',
]);
const FREE = new Set(['DeleteObject', 'DeleteObjects', 'AbortMultipartUpload']);

/** Which rate an S3 operation is billed at. */
export function requestClass(operation: string): 'put' | 'get' | 'free' {
  if (FREE.has(operation)) return 'free';
  return PUT_CLASS.has(operation) ? 'put' : 'get';
}
