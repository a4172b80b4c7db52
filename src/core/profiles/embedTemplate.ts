// URL and snippet templates. Every placeholder names its encoding, because the
// same value needs different escaping in a path segment, a query value, an
// HTML attribute or a JS string, and a template that guessed would be one
// hostile value away from an open redirect or script injection.
//
//   {name|filter|filter…}   a value run through each filter in order
//   {[ … ]}                 an optional section: left out when a value inside
//                           is absent, empty, or false
//
// Filters that check (origin, base, label, host) refuse values that would move
// the URL somewhere else; filters that encode (path, query, hash, html, js)
// make any text inert where it lands. Encoding alone is not enough for two
// shapes a browser or a vendor's server reads as directions: a path segment
// "." or ".." (which climbs the path even when percent-encoded), and a value
// that starts with "/" (a redirect path such as ?return_to=/x, which a browser
// turns into another host when it reads /\evil.com or /<tab>/evil.com). Both
// are refused.
//
// A url template must fix its own scheme and host (parseUrlTemplate): it starts
// with https:// (or http://) and a host written out or filled by |host and
// |label, or with one {name|base} / {name|origin} value. A snippet may put a
// value at the start of a URL attribute (src=, href=, action= …) only when it
// is the checked embed URL ({url|html}) or a base / origin value.
//
// This file parses templates; embedFill.ts fills them.

import { visibleText } from '../text/json';

export const TEMPLATE_FILTERS = ['origin', 'base', 'label', 'host', 'path', 'query', 'hash', 'html', 'js', 'when'] as const;
export type TemplateFilter = (typeof TEMPLATE_FILTERS)[number];

export interface TemplatePart {
  kind: 'text' | 'value' | 'optional';
  text?: string;
  name?: string;
  filters?: TemplateFilter[];
  parts?: TemplatePart[];
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)((?:\|[a-z]+)+)\}/g;

/** Splits a snippet template into parts; an error names the first placeholder that has no or an unknown filter, or one that would decide a URL attribute. */
export function parseTemplate(template: string): { ok: true; parts: TemplatePart[] } | { ok: false; message: string } {
  const parsed = splitTemplate(template);
  if (!parsed.ok) return parsed;
  const attribute = urlAttributeProblem(parsed.parts);
  return attribute ? { ok: false, message: attribute } : parsed;
}

function splitTemplate(template: string): { ok: true; parts: TemplatePart[] } | { ok: false; message: string } {
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{[', at);
    if (open === -1) {
      const r = parseValues(template.slice(at));
      if (!r.ok) return r;
      parts.push(...r.parts);
      break;
    }
    const close = template.indexOf(']}', open + 2);
    if (close === -1) return { ok: false, message: 'An optional section "{[" is never closed with "]}".' };
    const before = parseValues(template.slice(at, open));
    const inner = parseValues(template.slice(open + 2, close));
    if (!before.ok) return before;
    if (!inner.ok) return inner;
    parts.push(...before.parts, { kind: 'optional', parts: inner.parts });
    at = close + 2;
  }
  return { ok: true, parts };
}

function parseValues(text: string): { ok: true; parts: TemplatePart[] } | { ok: false; message: string } {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const filters = (m[2] ?? '').slice(1).split('|');
    for (const f of filters) {
      if (!(TEMPLATE_FILTERS as readonly string[]).includes(f)) {
        return { ok: false, message: `Placeholder {${m[1]}…} uses the unknown filter "${f}"; use one of ${TEMPLATE_FILTERS.join(', ')}.` };
      }
    }
    if (m.index > last) parts.push({ kind: 'text', text: text.slice(last, m.index) });
    parts.push({ kind: 'value', name: m[1] ?? '', filters: filters as TemplateFilter[] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  // A brace pair left over is a placeholder without an encoding: refuse it rather than insert raw text.
  for (const p of parts) {
    const bare = p.kind === 'text' ? /\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(p.text ?? '') : null;
    if (bare) return { ok: false, message: `Placeholder {${bare[1]}} has no encoding: write {${bare[1]}|query}, {${bare[1]}|path}, {${bare[1]}|html} or another filter.` };
  }
  return { ok: true, parts };
}

/** Text and value parts in output order, optional sections opened. */
function leaves(parts: TemplatePart[], into: TemplatePart[] = []): TemplatePart[] {
  for (const p of parts) {
    if (p.kind === 'optional') leaves(p.parts ?? [], into);
    else into.push(p);
  }
  return into;
}

function placeholder(p: TemplatePart): string {
  return `{${p.name ?? ''}|${(p.filters ?? []).join('|')}}`;
}

// HTML attributes whose value a browser loads, follows or submits to as a URL.
const URL_ATTRIBUTES = new Set(['action', 'background', 'cite', 'data', 'formaction', 'href', 'icon', 'longdesc', 'manifest', 'ping', 'poster', 'src', 'srcset', 'xlink:href']);

/** A value that starts a URL attribute decides the URL itself (a javascript: URL, another host); only the checked embed URL or a base / origin value may. */
function urlAttributeProblem(parts: TemplatePart[]): string | undefined {
  const flat = leaves(parts);
  for (let i = 1; i < flat.length; i++) {
    const p = flat[i] as TemplatePart;
    const before = flat[i - 1] as TemplatePart;
    if (p.kind !== 'value' || before.kind !== 'text') continue;
    const attribute = attributeEndingAt(before.text ?? '');
    if (!attribute || !URL_ATTRIBUTES.has(attribute)) continue;
    const first = p.filters?.[0];
    if (p.name === 'url' || first === 'base' || first === 'origin') continue;
    return `Placeholder ${placeholder(p)} starts the ${attribute}= attribute, so its value would decide the whole URL (a javascript: URL, another host): start the attribute with https://…, or use {url|html} (the checked embed URL) or {${p.name}|base|html}.`;
  }
  return undefined;
}

/**
 * The attribute name, lower-cased, when text ends with `name=`, `name="` or `name='` (spaces allowed around =)
 * and the name starts the text or follows a space, a quote, / (HTML attributes) or . (a JS property such as
 * location.href); a query parameter (?src=) is not an attribute.
 */
function attributeEndingAt(text: string): string | undefined {
  let i = text.length;
  if (i > 0 && (text[i - 1] === '"' || text[i - 1] === "'")) i -= 1;
  while (i > 0 && isSpace(text.charCodeAt(i - 1))) i -= 1;
  if (i === 0 || text[i - 1] !== '=') return undefined;
  i -= 1;
  while (i > 0 && isSpace(text.charCodeAt(i - 1))) i -= 1;
  const end = i;
  while (i > 0 && isAttributeNameChar(text.charCodeAt(i - 1))) i -= 1;
  if (i === end) return undefined;
  if (i > 0 && !isSpace(text.charCodeAt(i - 1)) && !'"\'/.'.includes(text[i - 1] as string)) return undefined;
  return text.slice(i, end).toLowerCase();
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

function isAttributeNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f || c === 0x3a;
}

export const ORIGIN_FILTERS: ReadonlySet<TemplateFilter> = new Set(['origin', 'base', 'label', 'host']);
const URL_ENCODINGS: ReadonlySet<TemplateFilter> = new Set(['path', 'query', 'hash']);

/**
 * Parses a url template and checks that it fixes its own scheme and host: it starts with https:// or http://
 * followed by a host written out or made of {name|host} / {name|label} values, or with one {name|base} or
 * {name|origin} value followed by /, ? or #. Every value after that is URL-encoded (no |html or |js).
 */
export function parseUrlTemplate(template: string): { ok: true; parts: TemplatePart[] } | { ok: false; message: string } {
  const parsed = splitTemplate(template);
  if (!parsed.ok) return parsed;
  const problem = urlTemplateProblem(parsed.parts);
  return problem ? { ok: false, message: problem } : parsed;
}

function urlTemplateProblem(parts: TemplatePart[]): string | undefined {
  const start = originProblem(parts);
  if (start) return start;
  for (const p of leaves(parts)) {
    if (p.kind !== 'value') continue;
    const filters = p.filters ?? [];
    const wrong = filters.find((f) => f === 'html' || f === 'js');
    if (wrong) return `Placeholder ${placeholder(p)} escapes for ${wrong === 'html' ? 'HTML' : 'JavaScript'}, not for a URL, so / ? # and .. in its value would pass into the URL: in the url template use |path, |query or |hash.`;
    if (p !== parts[0] && (filters[0] === 'base' || filters[0] === 'origin') && !filters.some((f) => URL_ENCODINGS.has(f))) {
      return `Placeholder ${placeholder(p)} puts a whole URL inside the embed URL without encoding it: write {${p.name}|${filters[0]}|query} (or |path, |hash), or put it at the very start.`;
    }
  }
  return undefined;
}

/** Why the template does not fix its scheme and host, or undefined. */
function originProblem(parts: TemplatePart[]): string | undefined {
  const first = parts[0];
  const start = 'The url template must start with https:// (or http://) and a host, or with a {name|base} or {name|origin} value, so that the preset fixes where the token goes';
  if (!first) return `${start}; it is empty.`;
  if (first.kind === 'value') {
    const filters = first.filters ?? [];
    if (filters.length !== 1 || (filters[0] !== 'base' && filters[0] !== 'origin')) {
      return `${start}; it starts with ${placeholder(first)}.`;
    }
    const next = parts[1];
    if (next && (next.kind !== 'text' || !'/?#'.includes((next.text ?? '')[0] ?? ''))) {
      return `After ${placeholder(first)} the url template must go on with /, ? or #, so that the value decides only the scheme, host and base path.`;
    }
    return undefined;
  }
  if (first.kind !== 'text') return `${start}; it starts with an optional section {[ … ]}.`;
  const text = first.text ?? '';
  const scheme = schemeOf(text);
  if (scheme === undefined) return `${start}; "${preview(text)}" has no scheme.`;
  if (scheme !== 'https' && scheme !== 'http') return `${start}; "${scheme}:" URLs are refused (they run code, read files or open other programs instead of a web page).`;
  if (text.slice(scheme.length, scheme.length + 3) !== '://') return `${start}; write ${scheme}:// followed by the host.`;
  return authorityProblem(parts, scheme.length + 3);
}

/** The scheme (lower-cased) when text starts with one followed by ":", else undefined. */
function schemeOf(text: string): string | undefined {
  const c0 = text.charCodeAt(0);
  if (!((c0 >= 0x61 && c0 <= 0x7a) || (c0 >= 0x41 && c0 <= 0x5a))) return undefined;
  for (let i = 1; i < text.length && i < 64; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3a) return text.slice(0, i).toLowerCase();
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
    if (!ok) return undefined;
  }
  return undefined;
}

/** The host after "scheme://" is literal text and |host / |label values, and ends with /, ? or # (or the template's end). */
function authorityProblem(parts: TemplatePart[], from: number): string | undefined {
  let empty = true;
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k] as TemplatePart;
    if (p.kind === 'optional') return 'The host of the embed URL cannot be in an optional section {[ … ]}: write it out, or use {name|host} or {name|label}.';
    if (p.kind === 'value') {
      const f = p.filters?.[0];
      if (f !== 'host' && f !== 'label') return `Placeholder ${placeholder(p)} is part of the embed URL's host: only {name|host} and {name|label} values may be, so the host is checked.`;
      empty = false;
      continue;
    }
    const text = p.text ?? '';
    for (let i = k === 0 ? from : 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (ch === '/' || ch === '?' || ch === '#') return empty ? 'The embed URL has no host after "://".' : undefined;
      if (ch === '@' || ch === '\\' || text.charCodeAt(i) <= 0x20 || text.charCodeAt(i) === 0x7f) {
        return `The host part of the url template contains ${ch === '@' ? 'an @ (a user name before the real host)' : ch === '\\' ? 'a backslash' : 'a space or control character'}; write just the host name.`;
      }
      empty = false;
    }
  }
  return empty ? 'The embed URL has no host after "://".' : undefined;
}

/** Names of every placeholder in parsed parts (optional sections included). */
export function templateNames(parts: TemplatePart[], into = new Set<string>()): Set<string> {
  for (const p of parts) {
    if (p.kind === 'value' && p.name) into.add(p.name);
    if (p.parts) templateNames(p.parts, into);
  }
  return into;
}


/** A value shortened for a message. */
export function preview(text: string): string {
  return visibleText(text, 40);
}
