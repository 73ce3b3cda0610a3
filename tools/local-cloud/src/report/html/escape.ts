/**
 * HTML that escapes by default: the `html` tag escapes every value put into it unless the value is
 * already `Html` (made by the tag itself, or `trusted` for the page's own constant markup). Object
 * keys, error messages and quarantined rows can hold any character; none reaches the page raw.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Markup the page made itself. */
export class Html {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** What may be put into the `html` tag: text and numbers are escaped, lists are joined. */
export type HtmlValue = Html | string | number | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === undefined) return '';
  if (value instanceof Html) return value.text;
  if (typeof value === 'number') return escapeHtml(String(value));
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(render).join('');
}

/** The tag: `html\`<td>${key}</td>\`` escapes `key`. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Constant markup of the page's own (styles, scripts, SVG built from numbers). Never user data. */
export function trusted(text: string): Html {
  return new Html(text);
}
