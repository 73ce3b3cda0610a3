/** The images' contact sheets: each variant's thumbnail, its dimensions, format and bytes. */
import { html, type Html } from './escape.js';
import type { ImageSheet, PageData } from './page-data.js';
import { badge, formatBytes, inputName } from './sections.js';
import type { VariantThumbnail } from './thumbnails.js';

/**
 * What tells an image's variants apart: the key segments they do not share (`thumbnail`, `web`, ...
 * out of `variants/thumbnail/photos/a.jpg.jpg`); a lone variant's file name.
 */
export function variantLabels(keys: readonly string[]): string[] {
  const split = keys.map((key) => key.split('/'));
  if (keys.length < 2) return split.map((s) => s[s.length - 1] ?? '');
  const shortest = Math.min(...split.map((s) => s.length));
  const shared = (at: (s: string[], i: number) => string | undefined): number => {
    let n = 0;
    while (n < shortest - 1 && split.every((s) => at(s, n) === at(split[0] ?? [], n))) n++;
    return n;
  };
  const head = shared((s, i) => s[i]);
  const tail = Math.min(
    shared((s, i) => s[s.length - 1 - i]),
    shortest - 1 - head,
  );
  return split.map((s) => s.slice(head, s.length - tail).join('/') || (s[s.length - 1] ?? ''));
}

function variantCard(v: VariantThumbnail, name: string, box: number): Html {
  const size = v.width !== undefined && v.height !== undefined ? `${v.width}×${v.height}` : 'size unknown';
  const scale =
    v.width !== undefined && v.height !== undefined ? Math.min(1, box / Math.max(v.width, v.height)) : 1;
  const image =
    v.dataUri === undefined
      ? html`<div class="no-thumb">${v.note ?? 'no thumbnail'}</div>`
      : html`<img
          src="${v.dataUri}"
          alt="${v.key}"
          loading="lazy"
          decoding="async"
          width="${Math.max(1, Math.round((v.width ?? box) * scale))}"
          height="${Math.max(1, Math.round((v.height ?? box) * scale))}"
        />`;
  return html`<figure class="variant" title="${`s3://${v.bucket}/${v.key}`}">
    <div class="frame">${image}</div>
    <figcaption><b>${name}</b><br />${size} ${v.format ?? ''} · ${formatBytes(v.bytes)}</figcaption>
  </figure>`;
}

function sheet(s: ImageSheet, box: number): Html {
  const labels = variantLabels(s.variants.map((v) => v.key));
  const cards = s.variants.map((v, i) => variantCard(v, labels[i] ?? v.key, box));
  const more = s.verdict.outputs.length - s.variants.length;
  return html`<div class="sheet">
    <h3>${badge(s.verdict.outcome)} <span class="key">${inputName(s.verdict)}</span></h3>
    <div class="variants">${cards}</div>
    ${more > 0 ? html`<p class="note">${more} more output(s) not shown</p>` : ''}
  </div>`;
}

/** Contact sheets of the images' variants (capped). */
export function imagesSection(data: PageData): Html | undefined {
  const { items, total } = data.images;
  if (total === 0) return undefined;
  const note =
    items.length < total
      ? html`<p class="note">
          Contact sheets of the first ${items.length} of ${total} images by key (the cap is
          ${data.caps.imageSheets}).
        </p>`
      : html`<p class="note">
          ${total} image(s): each variant as stored in S3 after the run, its dimensions and bytes.
        </p>`;
  return html`<section id="images">
    <h2>Images</h2>
    ${note}${items.map((s) => sheet(s, data.caps.thumbnailBox))}
  </section>`;
}
