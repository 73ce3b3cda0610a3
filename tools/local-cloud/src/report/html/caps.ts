/**
 * What the HTML report renders at most, so that a 10,000-input run still gives a page of a few MB
 * that opens in seconds. The JSON report (`--json`) always holds everything.
 */
export const REPORT_CAPS = {
  /** Input rows in the table: those that need a look first, then the rest by key. */
  tableRows: 1000,
  /** Images with a contact sheet of their variants (the first by key). */
  imageSheets: 24,
  /** Variants shown per image. */
  variantsPerImage: 8,
  /** Each thumbnail fits this box (px), WebP at the quality below, embedded as a data: URI. */
  thumbnailBox: 160,
  thumbnailQuality: 60,
  /** A variant larger than this is listed with its size, not fetched for a thumbnail. */
  variantFetchBytes: 8 * 1024 * 1024,
  /** etl inputs listed with their row counts (the first by key). */
  etlInputs: 50,
  /** etl inputs whose quarantined rows are shown, and how many rows each. */
  quarantineInputs: 10,
  quarantineRows: 10,
  /** Bytes read from the start of a quarantine file, and characters kept of a quarantined record. */
  quarantineReadBytes: 64 * 1024,
  recordChars: 200,
  /** Time steps of the timeline (each step's concurrency is the average over it). */
  timelineSteps: 240,
} as const;

export type ReportCaps = typeof REPORT_CAPS;
