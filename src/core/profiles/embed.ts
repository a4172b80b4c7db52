// Embed URLs and snippets from a preset's templates: parameters are checked
// against the preset's schema, then every value is encoded for where it lands,
// and the rendered URL is read back as a browser reads it (WHATWG URL) and held
// to the origin and path its template fixes.

import type { Result } from '../base/types';
import type { Preset } from './presets';
import { schemaProblems } from './presets';
import { parseTemplate, parseUrlTemplate } from './embedTemplate';
import type { TemplatePart } from './embedTemplate';
import { fillTemplate, fillUrlTemplate, isLoopbackHost, isPathShaped, localPathProblem, newFillContext, TemplateValueError } from './embedFill';
import type { FillContext } from './embedFill';
import { visibleText } from '../text/json';
import { fail } from '../base/result';

export interface RenderedEmbed {
  url?: string;
  snippets: Record<string, string>;
  /** The host the token is sent to, so the adapter can confirm the first send to a new host. */
  host?: string;
  /**
   * Set when the token would travel over plain http:// to a host other than this machine (the URL's host, or
   * else a base / origin value's host in a snippet): anyone on the network can read it (RFC 6750 §5.3), so the
   * adapter warns before it copies or opens anything.
   */
  cleartextHost?: string;
  /** Snippets left out because a value they need is missing, with the reason. */
  skipped: Record<string, string>;
}

type Parsed = ReturnType<typeof parseTemplate>;
const parsedTemplates = new Map<string, Parsed>();
function parsed(template: string, kind: 'url' | 'snippet'): Parsed {
  const key = `${kind}:${template}`;
  let p = parsedTemplates.get(key);
  if (!p) {
    p = kind === 'url' ? parseUrlTemplate(template) : parseTemplate(template);
    if (parsedTemplates.size > 256) parsedTemplates.clear();
    parsedTemplates.set(key, p);
  }
  return p;
}

/** The embed URL (token included where the vendor wants it), snippets and the receiving host; refuses values that would move the URL elsewhere; never throws. */
const RESERVED_VALUES = ['token', 'url'] as const;

export function renderEmbed(preset: Preset, embedValues: Record<string, unknown> | undefined, token: string): Result<RenderedEmbed> {
  const embed = preset.embed;
  if (!embed) return fail('EMBED_INVALID', `The ${preset.name} preset has no embed URL or snippet.`);
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  // Schema defaults first (bordered=true …), then the profile's own values.
  const props = (embed.params?.properties ?? {}) as Record<string, { default?: unknown }>;
  for (const [name, schema] of Object.entries(props)) if (schema.default !== undefined) values[name] = schema.default;
  // `token` and `url` are the renderer's own: a profile value by those names would stand in for the signed token or the checked URL.
  for (const name of RESERVED_VALUES) if (embedValues && Object.prototype.hasOwnProperty.call(embedValues, name)) return fail('EMBED_INVALID', `"${name}" is not an embed value a profile can set: JWT Studio fills it in (the signed token, the checked embed URL).`);
  for (const [name, v] of Object.entries(embedValues ?? {})) values[name] = v;
  if (embed.params) {
    const problems = schemaProblems(embed.params, { ...values }, 'embed parameter');
    if (problems.length) return fail('EMBED_INVALID', problems.map((p) => p.message).join(' '));
  }
  if (typeof token !== 'string' || token.length === 0) return fail('EMBED_INVALID', 'There is no token to embed yet: sign one first.');
  values.token = token;
  const ctx: FillContext = newFillContext();
  const template = (text: string, kind: 'url' | 'snippet'): TemplatePart[] => {
    const p = parsed(text, kind);
    if (!p.ok) throw new TemplateValueError('', `The preset's ${kind === 'url' ? 'url' : 'snippet'} template is refused: ${p.message}`);
    return p.parts;
  };
  try {
    const out: RenderedEmbed = { snippets: {}, skipped: {} };
    if (embed.url) {
      const { url, fixed } = fillUrlTemplate(template(embed.url, 'url'), values, ctx);
      const checked = checkEmbedUrl(url, fixed);
      if (!checked.ok) return fail('EMBED_INVALID', checked.message);
      out.url = url;
      out.host = checked.url.host;
      if (checked.cleartext) out.cleartextHost = checked.url.host;
      values.url = url;
    }
    for (const [name, text] of Object.entries(embed.snippets ?? {})) {
      try {
        out.snippets[name] = fillTemplate(template(text, 'snippet'), values, ctx);
      } catch (e) {
        // A missing optional value only drops this snippet; a refused value fails the whole render.
        if (e instanceof TemplateValueError && e.message.endsWith('has no value.')) out.skipped[name] = e.message;
        else throw e;
      }
    }
    out.host ??= [...ctx.hosts][0];
    out.cleartextHost ??= [...ctx.cleartextHosts][0];
    return { ok: true, ...out };
  } catch (e) {
    if (e instanceof TemplateValueError) return fail('EMBED_INVALID', e.message);
    return fail('EMBED_INVALID', 'The embed template could not be filled.');
  }
}

const URL_ADVICE = 'Check the embed values in the profile (and the preset\'s url template).';

/**
 * Reads a rendered embed URL as a browser does and holds it to what its template fixes: an https:// (or
 * http://) URL with no user name, the origin of `fixed` (the part of the URL the preset decides), a path that
 * starts with the path of `fixed` (or equals it when `fixed` already reaches the query), no "." or ".."
 * segment, nothing the parser would drop or rewrite (controls, tab, newline, backslash), and every query or
 * fragment value that is a path staying on the same site. `cleartext` is true for http:// to a host that is
 * not this machine.
 */
export function checkEmbedUrl(rendered: string, fixed: string): { ok: true; url: URL; cleartext: boolean } | { ok: false; message: string } {
  const bad = (why: string): { ok: false; message: string } => ({ ok: false, message: `The embed URL is refused: ${why}. ${URL_ADVICE}` });
  for (let i = 0; i < rendered.length; i++) {
    const c = rendered.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0x5c) {
      return bad(`it contains ${c === 0x5c ? 'a backslash' : 'a space, tab, newline or control character'} at character ${i + 1}, which a browser would ${c === 0x5c ? 'read as /' : 'drop or trim'}`);
    }
  }
  let url: URL;
  let base: URL;
  try {
    url = new URL(rendered);
    base = new URL(fixed);
  } catch {
    return { ok: false, message: 'The embed URL template does not produce an absolute URL.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return bad(`it is a "${url.protocol}" URL; only https:// (or http://) URLs are copied or opened`);
  if (url.username || url.password) return bad(`it has a user name before the host ("…@${url.host}"), which hides where it really goes`);
  if (url.origin !== base.origin) return bad(`it goes to ${url.origin}, not to ${base.origin} as its template says`);
  const dots = rawDotSegment(rendered);
  if (dots !== undefined) return bad(`its path has the segment "${visibleText(dots, 20)}", which a browser resolves away, so it would open ${visibleText(url.pathname, 80)} instead`);
  const pathFixed = afterAuthority(fixed).includes('?') || afterAuthority(fixed).includes('#');
  if (pathFixed ? url.pathname !== base.pathname : !url.pathname.startsWith(base.pathname)) {
    return bad(`its path ${visibleText(url.pathname, 80)} leaves ${base.pathname}, the path its template fixes`);
  }
  const params: Array<[string, string]> = [...url.searchParams];
  if (url.hash.includes('=')) params.push(...new URLSearchParams(url.hash.slice(1)));
  for (const [key, value] of params) {
    if (!isPathShaped(value)) continue;
    const problem = localPathProblem(value);
    if (problem) return bad(`its "${visibleText(key, 40)}" value is a path that would leave the site: ${problem}`);
  }
  return { ok: true, url, cleartext: url.protocol === 'http:' && !isLoopbackHost(url.hostname) };
}

/** The URL text after "scheme://host", up to the end. */
function afterAuthority(text: string): string {
  const slashes = text.indexOf('://');
  let i = slashes === -1 ? 0 : slashes + 3;
  while (i < text.length && text[i] !== '/' && text[i] !== '?' && text[i] !== '#') i += 1;
  return text.slice(i);
}

/** A "." or ".." path segment as written (%2e counts as a dot, as it does for the URL parser), or undefined. */
function rawDotSegment(text: string): string | undefined {
  const rest = afterAuthority(text);
  let end = 0;
  while (end < rest.length && rest[end] !== '?' && rest[end] !== '#') end += 1;
  const path = rest.slice(0, end);
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i < path.length && path[i] !== '/') continue;
    const piece = path.slice(start, i).toLowerCase();
    if (piece === '.' || piece === '..' || piece === '%2e' || piece === '.%2e' || piece === '%2e.' || piece === '%2e%2e') return path.slice(start, i);
    start = i + 1;
  }
  return undefined;
}
