// Filling parsed URL and snippet templates: each value run through its
// filters (the checks of origin, base, label and host; the encodings of path,
// query, hash, html and js), with what the fill learns about where the token
// goes. Values that would move the URL elsewhere are refused with
// TemplateValueError. (Parsing templates: embedTemplate.ts.)

import type { TemplateFilter, TemplatePart } from './embedTemplate';
import { ORIGIN_FILTERS, preview } from './embedTemplate';

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
