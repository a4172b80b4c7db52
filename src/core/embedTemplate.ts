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
// make any text inert where it lands.

import { visibleText } from './json';

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

/** Splits a template into parts; an error names the first placeholder that has no or an unknown filter. */
export function parseTemplate(template: string): { ok: true; parts: TemplatePart[] } | { ok: false; message: string } {
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

/** Fills parsed parts; throws TemplateValueError for a refused value or a missing required one. */
export function fillTemplate(parts: TemplatePart[], values: Record<string, unknown>, hosts: Set<string>): string {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'text') out += p.text ?? '';
    else if (p.kind === 'value') {
      const v = values[p.name ?? ''];
      if (v === undefined || v === null || v === '') throw new TemplateValueError(p.name ?? '', `"${p.name}" is needed here but has no value.`);
      out += applyFilters(p.name ?? '', v, p.filters ?? [], hosts);
    } else {
      try {
        out += fillOptional(p.parts ?? [], values, hosts);
      } catch (e) {
        if (!(e instanceof Missing)) throw e;
      }
    }
  }
  return out;
}

function fillOptional(parts: TemplatePart[], values: Record<string, unknown>, hosts: Set<string>): string {
  for (const p of parts) {
    if (p.kind !== 'value') continue;
    const v = values[p.name ?? ''];
    if (v === undefined || v === null || v === '' || v === false) throw new Missing();
  }
  return fillTemplate(parts, values, hosts);
}

function applyFilters(name: string, value: unknown, filters: TemplateFilter[], hosts: Set<string>): string {
  let text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  if (text === undefined) throw new TemplateValueError(name, `"${name}" must be text, a number or true/false.`);
  for (const f of filters) text = applyFilter(name, text, f, hosts);
  return text;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

function applyFilter(name: string, text: string, filter: TemplateFilter, hosts: Set<string>): string {
  switch (filter) {
    case 'origin':
    case 'base': {
      const url = checkedUrl(name, text);
      hosts.add(url.host);
      if (filter === 'origin') {
        if (url.pathname !== '/' || text.trim().replace(/\/+$/, '') !== url.origin) {
          throw new TemplateValueError(name, `"${name}" must be just scheme and host, like https://example.com (no path).`);
        }
        return url.origin;
      }
      return url.origin + url.pathname.replace(/\/+$/, '');
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
      hosts.add(url.host);
      return url.host;
    }
    case 'path':
    case 'query':
    case 'hash':
      // encodeURIComponent leaves ' ( ) ! * alone; encode them too so the result is also safe inside quoted attributes.
      return encodeURIComponent(text).replace(/['()!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    case 'html':
      return text.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);
    case 'js':
      // A JSON string literal, with < > & and the JS line separators escaped so it is also safe inside <script>.
      return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    case 'when':
      return '';
  }
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
  if (/[\s"'<>\\`{}|^]/.test(text.trim())) throw new TemplateValueError(name, `"${name}" contains characters that do not belong in a URL.`);
  return url;
}

function preview(text: string): string {
  return visibleText(text, 40);
}
