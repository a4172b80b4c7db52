// The embed URL (or, for a preset without one, its first snippet) as parts
// the generated code joins at run time. The profile's values are checked here
// as renderEmbed checks them (it is called first, so a value it refuses is
// refused here with its message): values that decide where the token goes
// (base, origin, label, host) are written into the code already checked; a
// URL value whose encoding changes it is encoded by the code, in the
// language's own way; the token is always encoded by the code. A snippet's
// values are filled here and the code fills in only the token.

import type { Result } from '../base/types';
import { fail } from '../base/result';
import type { Preset } from '../profiles/presets';
import { renderEmbed } from '../profiles/embed';
import { parseTemplate, parseUrlTemplate, type TemplateFilter, type TemplatePart } from '../profiles/embedTemplate';
import { fillTemplate, newFillContext, type FillContext } from '../profiles/embedFill';
import { hasLoneSurrogate, LONE_SURROGATE } from './literals';

/** How the token (or a value) is encoded where it lands: percent-encoding of everything but A-Z a-z 0-9 - _ . ~, HTML text, a JSON string. */
export type EmbedEncoding = 'component' | 'html' | 'js';

export type EmbedPart =
  | { kind: 'text'; text: string }
  /** A profile value percent-encoded by the code: `text` is the value as written (after its checks). */
  | { kind: 'value'; name: string; text: string }
  | { kind: 'token'; encodings: EmbedEncoding[] };

export interface EmbedModel {
  kind: 'url' | 'snippet';
  /** The snippet's name. */
  name?: string;
  parts: EmbedPart[];
  /** Where the token goes, for the comment. */
  host?: string;
}

const ENCODING: Partial<Record<TemplateFilter, EmbedEncoding>> = { path: 'component', query: 'component', hash: 'component', html: 'html', js: 'js' };
/** A stand-in token for the checks: base64url in three parts, as every compact JWS is. */
const SAMPLE_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl';

/** The embed model of a preset's URL or snippet with a profile's values, or no embed when the preset has no URL and no snippet this profile fills. */
export function embedModel(preset: Preset, embedValues: Record<string, unknown>): Result<{ embed?: EmbedModel; note?: string }> {
  const embed = preset.embed;
  if (!embed || (!embed.url && Object.keys(embed.snippets ?? {}).length === 0)) return { ok: true };
  const rendered = renderEmbed(preset, embedValues, SAMPLE_TOKEN);
  // A profile with no embed values at all is one for the token alone (sign, not url).
  if (!rendered.ok && Object.keys(embedValues).length === 0) return { ok: true, note: `The profile sets no embed values, so the code makes the token only; add them under embed: for the ${embed.url ? 'embed URL' : 'snippet'} (${rendered.error.message})` };
  if (!rendered.ok) return rendered;
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const props = (embed.params?.properties ?? {}) as Record<string, { default?: unknown }>;
  for (const [name, schema] of Object.entries(props)) if (schema.default !== undefined) values[name] = schema.default;
  for (const [name, v] of Object.entries(embedValues)) values[name] = v;
  const ctx = newFillContext();
  let model: EmbedModel | undefined;
  if (embed.url) {
    const parsed = parseUrlTemplate(embed.url);
    if (!parsed.ok) return fail('EMBED_INVALID', parsed.message);
    model = { kind: 'url', parts: merge(urlParts(parsed.parts, values, ctx)) };
  } else {
    const name = Object.keys(embed.snippets ?? {}).find((n) => rendered.snippets[n] !== undefined && !usesUrl(embed.snippets?.[n] ?? ''));
    if (name === undefined) return { ok: true };
    const parsed = parseTemplate(embed.snippets?.[name] ?? '');
    if (!parsed.ok) return fail('EMBED_INVALID', parsed.message);
    const parts = snippetParts(parsed.parts, values, ctx);
    if (!parts.ok) return parts;
    model = { kind: 'snippet', name, parts: merge(parts.parts) };
  }
  // Python, Go, PHP and Ruby strings cannot hold a lone surrogate: the code would print another text than renderEmbed's.
  const broken = model.parts.find((p) => p.kind !== 'token' && hasLoneSurrogate(p.text));
  if (broken) return fail('EMBED_INVALID', `${broken.kind === 'value' ? `The embed value "${broken.name}"` : `The ${model.kind === 'url' ? 'embed URL' : 'snippet'}`} ${LONE_SURROGATE}`);
  if (rendered.host !== undefined) model.host = rendered.host;
  // The parts must give exactly what renderEmbed gives.
  const expected = model.kind === 'url' ? rendered.url : rendered.snippets[model.name ?? ''];
  if (joinEmbed(model, SAMPLE_TOKEN) !== expected) return fail('INTERNAL', 'The embed template could not be turned into code for this preset: make the embed URL with JWT Studio itself (Copy Embed URL in the editor, jwt-studio url on the command line).');
  return { ok: true, embed: model };
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '' && v !== false;
}

function urlParts(parts: TemplatePart[], values: Record<string, unknown>, ctx: FillContext): EmbedPart[] {
  const out: EmbedPart[] = [];
  for (const p of parts) {
    if (p.kind === 'text') out.push({ kind: 'text', text: p.text ?? '' });
    else if (p.kind === 'optional') {
      const inner = p.parts ?? [];
      if (inner.every((q) => q.kind !== 'value' || q.name === 'token' || present(values[q.name ?? '']))) out.push(...urlParts(inner, values, ctx));
    } else if (p.name === 'token') out.push({ kind: 'token', encodings: (p.filters ?? []).map((f) => ENCODING[f] ?? 'component') });
    else out.push(valuePart(p, values, ctx));
  }
  return out;
}

/** A URL value: its checks applied now; written as text when its one encoding leaves it as it is, else encoded by the code. */
function valuePart(p: TemplatePart, values: Record<string, unknown>, ctx: FillContext): EmbedPart {
  const filters = p.filters ?? [];
  const firstEncoding = filters.findIndex((f) => ENCODING[f] !== undefined);
  const whole = fillTemplate([p], values, ctx);
  if (firstEncoding === -1 || firstEncoding !== filters.length - 1) return { kind: 'text', text: whole };
  const checked = fillTemplate([{ ...p, filters: filters.slice(0, firstEncoding) }], values, ctx);
  return checked === whole ? { kind: 'text', text: whole } : { kind: 'value', name: p.name ?? '', text: checked };
}

function snippetParts(parts: TemplatePart[], values: Record<string, unknown>, ctx: FillContext): Result<{ parts: EmbedPart[] }> {
  const out: EmbedPart[] = [];
  for (const p of parts) {
    if (p.kind === 'optional') {
      const inner = p.parts ?? [];
      if (!inner.every((q) => q.kind !== 'value' || q.name === 'token' || present(values[q.name ?? '']))) continue;
      const r = snippetParts(inner, values, ctx);
      if (!r.ok) return r;
      out.push(...r.parts);
    } else if (p.kind === 'value' && p.name === 'token') {
      const encodings = (p.filters ?? []).map((f) => ENCODING[f]);
      if (encodings.some((e) => e === undefined)) return fail('EMBED_INVALID', 'The snippet checks the token as an address (base, origin, label or host), which a token never is.');
      out.push({ kind: 'token', encodings: encodings as EmbedEncoding[] });
    } else out.push({ kind: 'text', text: fillTemplate([p], values, ctx) });
  }
  return { ok: true, parts: out };
}

function usesUrl(template: string): boolean {
  const parsed = parseTemplate(template);
  const walk = (parts: TemplatePart[]): boolean => parts.some((p) => (p.kind === 'value' && p.name === 'url') || walk(p.parts ?? []));
  return parsed.ok && walk(parsed.parts);
}

/** Adjacent text parts as one. */
function merge(parts: EmbedPart[]): EmbedPart[] {
  const out: EmbedPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === 'text' && last?.kind === 'text') last.text += p.text;
    else if (p.kind !== 'text' || p.text !== '') out.push(p.kind === 'text' ? { ...p } : p);
  }
  return out;
}

/** The URL or snippet the parts make around a token, encoded as the core encodes (what the generated code must print). */
export function joinEmbed(model: EmbedModel, token: string): string {
  const ctx = newFillContext();
  const encode = (text: string, encoding: EmbedEncoding): string => fillTemplate([{ kind: 'value', name: 'v', filters: [encoding === 'component' ? 'query' : encoding] }], { v: text }, ctx);
  let out = '';
  for (const p of model.parts) {
    if (p.kind === 'text') out += p.text;
    else if (p.kind === 'value') out += encode(p.text, 'component');
    else out += p.encodings.reduce((text, e) => encode(text, e), token);
  }
  return out;
}
