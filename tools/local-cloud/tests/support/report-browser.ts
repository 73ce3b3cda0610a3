/**
 * Opens an HTML report in Debian's headless chromium (playwright-core drives it; no browser is
 * downloaded) and tells what the page did: console errors, requests that left the page, each image's
 * decoded width, and the counts it shows (`data-count` attributes). Writes a screenshot.
 */
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface PageSeen {
  readonly consoleErrors: readonly string[];
  /** Requests to anything but the page itself and data: URIs. */
  readonly requests: readonly string[];
  readonly images: readonly { readonly alt: string; readonly naturalWidth: number }[];
  /** `data-count` name: the text shown. */
  readonly counts: Readonly<Record<string, string>>;
}

/** Opens `file` in chromium, brings every image into view (they load lazily), and screenshots it to `screenshot`. */
export async function openInChromium(file: string, screenshot: string): Promise<PageSeen> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    const url = pathToFileURL(file).href;
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => {
      if (request.url() !== url && !request.url().startsWith('data:')) requests.push(request.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    // Run in the page (as text: this package's TypeScript has no DOM types).
    const images = await page.evaluate<PageSeen['images']>(`(async () => {
      const all = [...document.images];
      for (const image of all) {
        image.scrollIntoView();
        await image.decode().catch(() => undefined);
      }
      return all.map((image) => ({ alt: image.alt, naturalWidth: image.naturalWidth }));
    })()`);
    const counts = await page.evaluate<PageSeen['counts']>(
      `Object.fromEntries([...document.querySelectorAll('[data-count]')].map((e) => [e.dataset.count, e.textContent]))`,
    );
    await page.evaluate('window.scrollTo(0, 0)');
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    // A page of 1,000 rows is taller than a screenshot should be: its first screens then.
    await page.screenshot({
      path: screenshot,
      fullPage: height <= 8000,
      ...(height > 8000 ? { clip: { x: 0, y: 0, width: 1280, height: 4000 } } : {}),
    });
    return { consoleErrors, requests, images, counts };
  } finally {
    await browser.close();
  }
}

/** The counts a page shows, read from its HTML (where no browser is at hand). */
export function countsInHtml(text: string): Record<string, string> {
  return Object.fromEntries(
    [...text.matchAll(/data-count="([^"]+)">([^<]*)</g)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}

/** The page's counts as numbers. */
export function pageCounts(counts: Readonly<Record<string, string>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([name, text]) => [name, Number(text.trim())]));
}

export interface JsonReport {
  inputs: unknown[];
  deliveries: unknown[];
  totals: { inputs: Record<string, number>; deliveries: Record<string, number>; problems: number };
  figures: {
    invocations: number;
    coldStarts: Record<string, number>;
    environmentsReplaced: number;
    reuploads: number;
  };
}

/** The same counts from the JSON report (`--json`), named as the page names them. */
export function reportCounts(json: JsonReport): Record<string, number> {
  const prefixed = (prefix: string, counts: Record<string, number>): Array<[string, number]> =>
    Object.entries(counts).map(([kind, n]) => [`${prefix}.${kind}`, n]);
  return Object.fromEntries([
    ...prefixed('inputs', json.totals.inputs),
    ['inputs.total', json.inputs.length],
    ...prefixed('deliveries', json.totals.deliveries),
    ['deliveries.total', json.deliveries.length],
    ['problems', json.totals.problems],
    ['invocations', json.figures.invocations],
    ['coldStarts', Object.values(json.figures.coldStarts).reduce((a, b) => a + b, 0)],
    ['environmentsReplaced', json.figures.environmentsReplaced],
    ['reuploads', json.figures.reuploads],
  ]);
}
