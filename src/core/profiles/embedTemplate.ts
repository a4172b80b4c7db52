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

const ORIGIN_FILTERS: ReadonlySet<TemplateFilter> = new Set(['origin', 'base', 'label', 'host']);
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

export class TemplateValueError extends Error {
  constructor(readonly param: string, message: string) {
    super(message);
  }
}

class Missing extends Error {}

/** What filling a template learns about where the token goes. */
export interface FillContext {
  /** Hosts named by base, origin and host values. */
  hosts: Set<string>;
  /** Hosts of base / origin values that are plain http:// to a host other than this machine. */
  cleartextHosts: Set<string>;
}

export function newFillContext(): FillContext {
  return { hosts: new Set(), cleartextHosts: new Set() };
}

/** Fills parsed parts; throws TemplateValueError for a refused value or a missing required one. */
export function fillTemplate(parts: TemplatePart[], values: Record<string, unknown>, ctx: FillContext): string {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'text') out += p.text ?? '';
    else if (p.kind === 'value') {
      const v = values[p.name ?? ''];
      if (v === undefined || v === null || v === '') throw new TemplateValueError(p.name ?? '', `"${p.name}" is needed here but has no value.`);
      out += applyFilters(p.name ?? '', v, p.filters ?? [], ctx);
    } else {
      try {
        out += fillOptional(p.parts ?? [], values, ctx);
      } catch (e) {
        if (!(e instanceof Missing)) throw e;
      }
    }
  }
  return out;
}

/**
 * Fills a url template and also returns `fixed`: the part of the URL the preset decides, that is the text up to
 * the first value that is not a base, origin, host or label value. The rendered URL always starts with it; the
 * render-time check makes sure a browser reads the whole URL with the same origin and path prefix.
 */
export function fillUrlTemplate(parts: TemplatePart[], values: Record<string, unknown>, ctx: FillContext): { url: string; fixed: string } {
  let k = 0;
  while (k < parts.length) {
    const p = parts[k] as TemplatePart;
    if (p.kind === 'optional' || (p.kind === 'value' && !ORIGIN_FILTERS.has((p.filters ?? [])[0] as TemplateFilter))) break;
    k += 1;
  }
  const fixed = fillTemplate(parts.slice(0, k), values, ctx);
  return { url: fixed + fillTemplate(parts.slice(k), values, ctx), fixed };
}

function fillOptional(parts: TemplatePart[], values: Record<string, unknown>, ctx: FillContext): string {
  for (const p of parts) {
    if (p.kind !== 'value') continue;
    const v = values[p.name ?? ''];
    if (v === undefined || v === null || v === '' || v === false) throw new Missing();
  }
  return fillTemplate(parts, values, ctx);
}

function applyFilters(name: string, value: unknown, filters: TemplateFilter[], ctx: FillContext): string {
  let text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  if (text === undefined) throw new TemplateValueError(name, `"${name}" must be text, a number or true/false.`);
  for (const f of filters) text = applyFilter(name, text, f, ctx);
  return text;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

function applyFilter(name: string, text: string, filter: TemplateFilter, ctx: FillContext): string {
  switch (filter) {
    case 'origin':
    case 'base': {
      const url = checkedUrl(name, text);
      ctx.hosts.add(url.host);
      if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) ctx.cleartextHosts.add(url.host);
      if (filter === 'origin') {
        if (url.pathname !== '/' || trimTrailingSlashes(text.trim()) !== url.origin) {
          throw new TemplateValueError(name, `"${name}" must be just scheme and host, like https://example.com (no path).`);
        }
        return url.origin;
      }
      return url.origin + trimTrailingSlashes(url.pathname);
    }
    case 'label':
      if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(text)) {
        throw new TemplateValueError(name, `"${name}" must be a single host-name label (letters, digits and inner hyphens, like acme), not "${preview(text)}".`);
      }
      return text.toLowerCase();
    case 'host': {
      // Parse as the authority of an https URL and insist it round-trips: no credentials, path, query or odd characters.
      let url: URL | undefined;
      try {
        url = new URL(`https://${text}`);
      } catch {
        url = undefined;
      }
      if (!url || url.host !== text.toLowerCase() || url.username || url.password || url.pathname !== '/' || url.search || url.hash || !/^[a-z0-9.:[\]-]+$/i.test(text)) {
        throw new TemplateValueError(name, `"${name}" must be a host name such as example.com, not "${preview(text)}".`);
      }
      ctx.hosts.add(url.host);
      return url.host;
    }
    case 'path': {
      const dots = dotSegmentIn(text);
      if (dots !== undefined) {
        throw new TemplateValueError(name, `"${name}" fills one path segment, but "${preview(text)}" ${dots}; a "." or ".." segment moves the URL to another page (".." climbs one level up the path), so write the ${name} itself.`);
      }
      return encodeComponent(text);
    }
    case 'query':
    case 'hash':
      redirectPathCheck(name, text);
      return encodeComponent(text);
    case 'html':
      redirectPathCheck(name, text);
      return text.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);
    case 'js':
      redirectPathCheck(name, text);
      // A JSON string literal, with < > & and the JS line separators escaped so it is also safe inside <script>.
      return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    case 'when':
      return '';
  }
}

// encodeURIComponent leaves ' ( ) ! * alone; encode them too so the result is also safe inside quoted attributes.
function encodeComponent(text: string): string {
  return encodeURIComponent(text).replace(/['()!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function trimTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end -= 1;
  return text.slice(0, end);
}

function checkedUrl(name: string, text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new TemplateValueError(name, `"${name}" must be an absolute http(s) URL like https://example.com, not "${preview(text)}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TemplateValueError(name, `"${name}" must start with https:// (or http://); "${url.protocol}" URLs are refused.`);
  }
  if (url.username || url.password) throw new TemplateValueError(name, `"${name}" must not carry a user name or password.`);
  if (url.search || url.hash || text.includes('?') || text.includes('#')) throw new TemplateValueError(name, `"${name}" must not have a query or fragment (?… or #…).`);
  // Characters the URL parser would quietly percent-encode or drop suggest an attempt to break out of the attribute or path.
  if (/[\s"'<>\\`{}|^]/.test(text.trim()) || hasControl(text)) throw new TemplateValueError(name, `"${name}" contains characters that do not belong in a URL.`);
  return url;
}

/** localhost, *.localhost, 127.0.0.0/8 and [::1], as the WHATWG URL parser writes host names: where plain http does not leave the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (h === 'localhost' || h.endsWith('.localhost') || h === '[::1]') return true;
  // The parser writes every IPv4 address as four decimal numbers.
  return h.startsWith('127.') && /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** C0 controls, DEL and C1 controls: the URL parser drops tab and newline and trims the rest at the ends. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f)) return true;
  }
  return false;
}

/**
 * The forms a server or browser may read a value as: as written, percent-decoded (up to three times, ASCII
 * escapes only: %2F, %5C, %2E and the controls are what matter here) and NFKC-normalised (／ to /, ． to .).
 */
function readings(text: string): string[] {
  const out = [text];
  let t = text;
  for (let round = 0; round < 3 && t.includes('%'); round++) {
    const next = t.replace(/%([0-7][0-9A-Fa-f])/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === t) break;
    out.push(next);
    t = next;
  }
  for (const r of [...out]) {
    const n = r.normalize('NFKC');
    if (n !== r) out.push(n);
  }
  return out;
}

/** Why a path value would move the URL (it is or contains a "." / ".." segment in some reading), or undefined. */
function dotSegmentIn(text: string): string | undefined {
  for (const r of readings(text)) {
    let start = 0;
    for (let i = 0; i <= r.length; i++) {
      if (i < r.length && r[i] !== '/' && r[i] !== '\\') continue;
      const piece = r.slice(start, i);
      if (piece === '.' || piece === '..') return r === text ? (text === piece ? 'is a dot segment' : `contains the dot segment "${piece}"`) : `is read as "${preview(r)}" once decoded or normalised`;
      start = i + 1;
    }
  }
  return undefined;
}

/**
 * True when a browser, or a server that decodes or normalises the value first, would read it as a path: after
 * the spaces and controls the URL parser strips, some reading of it starts with / or \.
 */
export function isPathShaped(text: string): boolean {
  for (const r of readings(text)) {
    let i = 0;
    while (i < r.length && r.charCodeAt(i) <= 0x20) i += 1;
    if (r[i] === '/' || r[i] === '\\') return true;
  }
  return false;
}

/**
 * Why a path value (a redirect path such as /dashboard/1) would take the browser to another host, or undefined
 * when every reading of it stays on the site it is resolved against.
 */
export function localPathProblem(text: string): string | undefined {
  for (const r of readings(text)) {
    const shown = r === text ? '' : ` (read as "${preview(r)}")`;
    if (r[0] !== '/') return `it must start with / itself${shown}, with no space, control character or look-alike slash before it`;
    if (hasControl(r)) return `it contains a tab, newline or control character${shown}, which browsers drop, so /<tab>/evil.com is read as //evil.com`;
    if (r.includes('\\')) return `it contains a backslash${shown}, which browsers read as /, so /\\evil.com is read as //evil.com`;
    if (r[1] === '/') return `it starts with //${shown}, which names another host`;
    let url: URL | undefined;
    try {
      url = new URL(r, 'https://site.invalid/');
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== 'https://site.invalid') return `a browser does not read it as a path on the same site${shown}`;
  }
  return undefined;
}

function redirectPathCheck(name: string, text: string): void {
  if (!isPathShaped(text)) return;
  const problem = localPathProblem(text);
  if (problem) throw new TemplateValueError(name, `"${name}" starts with /, so it is a path on the site, but "${preview(text)}" would leave the site: ${problem}. Write a path such as /dashboard/1.`);
}

function preview(text: string): string {
  return visibleText(text, 40);
}
