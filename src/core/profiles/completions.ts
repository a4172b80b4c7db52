// Completion candidates and hovers for profiles. They work from the text
// around the cursor (the line, its indentation and the keys above it), not
// from a parsed document, because while someone types the YAML is seldom valid.

import { JWE_ENCS, JWE_KEY_ALGS, JWS_ALGS } from '../base/types';
import type { JsonSchema, Preset } from './presets';
import { REGISTERED_CLAIMS } from './presets';
import type { ProfileKeyInfo } from './profileTypes';
import { PROFILE_PROPERTIES } from './profileTypes';
import { algorithmFits } from './keyFit';
import { parseTtl, TTL_SHORTHANDS, formatTtl } from './ttl';
import { escapeMarkdown } from '../text/markdown';
import { isPlainObject } from '../base/guards';

export interface Completion {
  label: string;
  insertText: string;
  kind: 'preset' | 'key' | 'alg' | 'claim' | 'value' | 'ttl' | 'property';
  detail?: string;
  documentation?: string;
  required?: boolean;
  sortText?: string;
  /** The text to replace: [replaceStart, replaceEnd) (the word being typed). */
  replaceStart?: number;
  replaceEnd?: number;
}

export interface CompletionContext {
  presets: Preset[];
  keys: ProfileKeyInfo[];
}

const PROPERTY_DOCS: Record<string, string> = {
  preset: 'The vendor preset: claims schema, header rules, lifetime, URL templates.',
  key: 'Key-ring id of the signing key (no secret in this file).',
  alg: 'Signature algorithm; defaults from the key, else the preset.',
  ttl: 'Lifetime: exp = now + ttl at signing time (300, 300s, 5m, 1h, 1d).',
  header: 'Extra protected-header members, such as kid.',
  claims: 'The token claims, checked against the preset schema.',
  embed: 'Values for the embed URL and snippets.',
  registered: 'Switch generated claims (iat, exp, nbf, jti) on or off.',
  encrypt: 'Optional JWE: { key, alg, enc }.',
};

interface Place {
  /** Keys from the top down to the mapping the cursor is in; '[]' for a list item. */
  path: string[];
  /** The key whose value is being typed, if any. */
  valueOf?: string;
  /** A list item ("- ") at the cursor. */
  listItem: boolean;
  /** The word being typed. */
  wordStart: number;
  wordEnd: number;
  indent: number;
  lineStart: number;
}

const KEY_LINE = /^(\s*)(-\s+)?([A-Za-z0-9_$.-]+|"[^"]*"|'[^']*')\s*:(?:\s+|$)(.*)$/;

function unquote(k: string): string {
  return /^["'].*["']$/.test(k) ? k.slice(1, -1) : k;
}

function indentOf(line: string): number {
  return /^\s*/.exec(line)?.[0].length ?? 0;
}

function placeAt(text: string, offset: number): Place | undefined {
  const at = Math.max(0, Math.min(offset, text.length));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd === -1) lineEnd = text.length;
  const prefix = text.slice(lineStart, at);
  if (/(^|\s)#/.test(prefix)) return undefined;
  const rest = text.slice(at, lineEnd);
  const wordTail = /^[^\s:#,}\]]*/.exec(rest)?.[0].length ?? 0;

  let path: string[];
  let valueOf: string | undefined;
  let listItem = false;
  let indent: number;
  let wordStart: number;
  const keyMatch = KEY_LINE.exec(prefix);
  if (keyMatch && !/[{[]/.test(keyMatch[4] ?? '')) {
    indent = (keyMatch[1]?.length ?? 0) + (keyMatch[2]?.length ?? 0);
    listItem = Boolean(keyMatch[2]);
    valueOf = unquote(keyMatch[3] ?? '');
    wordStart = at - (keyMatch[4]?.length ?? 0);
  } else {
    const m = /^(\s*)(-\s+)?(\S*)$/.exec(prefix);
    if (!m) return undefined;
    listItem = Boolean(m[2]);
    indent = (m[1]?.length ?? 0) + (listItem ? (m[2]?.length ?? 0) : 0);
    wordStart = at - (m[3]?.length ?? 0);
    if (/^["']/.test(m[3] ?? '')) wordStart += 1;
  }
  // A "- " item starts a new mapping one level deeper than the dash.
  const dashIndent = listItem ? indent - (/(-\s+)$/.exec(prefix.slice(0, indent))?.[1]?.length ?? 2) : indent;
  path = parentPath(text, lineStart, listItem ? dashIndent : indent);
  if (listItem) path = [...path, '[]'];
  return { path, valueOf, listItem, wordStart, wordEnd: at + wordTail, indent, lineStart };
}

/** Keys of the mappings enclosing a line with the given indentation, found by walking up the text. */
function parentPath(text: string, lineStart: number, indent: number): string[] {
  const path: string[] = [];
  let want = indent;
  let end = lineStart - 1;
  let steps = 0;
  while (end > 0 && want > 0 && steps++ < 2000) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    if (/^\s*(#|$)/.test(line)) continue;
    const ind = indentOf(line);
    const m = KEY_LINE.exec(line);
    const dash = /^(\s*)-\s+/.exec(line);
    if (dash && (dash[1]?.length ?? 0) < want) {
      // A list item: the cursor's mapping is inside it; key after the dash counts as a sibling, not a parent.
      const dashAt = dash[1]?.length ?? 0;
      const contentAt = dash[0].length;
      if (contentAt <= want && m && (m[4] ?? '') === '' && contentAt < want) {
        path.unshift('[]', unquote(m[3] ?? ''));
      } else path.unshift('[]');
      want = dashAt;
      continue;
    }
    if (ind < want) {
      if (m) path.unshift(unquote(m[3] ?? ''));
      want = ind;
    }
  }
  return path;
}

/** Keys already written in the same mapping as the cursor line. */
function siblingKeys(text: string, place: Place): Set<string> {
  const keys = new Set<string>();
  const lines = text.split('\n');
  const cursorLine = text.slice(0, place.lineStart).split('\n').length - 1;
  for (const dir of [-1, 1]) {
    for (let i = cursorLine + dir; i >= 0 && i < lines.length; i += dir) {
      const line = (lines[i] ?? '').replace(/\r$/, '');
      if (/^\s*(#|$)/.test(line)) continue;
      const ind = indentOf(line);
      const dashed = /^(\s*)-\s+/.exec(line);
      const effective = dashed ? dashed[0].length : ind;
      if (ind < place.indent && !(dashed && effective === place.indent && dir === -1)) break;
      const m = KEY_LINE.exec(line);
      if (m && effective === place.indent) keys.add(unquote(m[3] ?? ''));
      if (dashed && effective === place.indent && dir === -1) break;
    }
  }
  return keys;
}

function topValue(text: string, name: string): string | undefined {
  const m = new RegExp(`^${name}:[ \\t]*["']?([^\\s"'#]+)`, 'm').exec(text);
  return m?.[1];
}

function schemaAt(schema: JsonSchema | undefined, path: string[]): JsonSchema | undefined {
  let s = schema;
  for (const step of path) {
    if (!s) return undefined;
    if (step === '[]') s = isPlainObject(s.items) ? s.items : undefined;
    else {
      const props = s.properties as Record<string, JsonSchema> | undefined;
      // Own members only: typing "constructor" or "__proto__" must not find a schema by inheritance.
      s = (props && Object.hasOwn(props, step) ? props[step] : undefined) ?? (isPlainObject(s.additionalProperties) ? s.additionalProperties : undefined);
    }
  }
  return s;
}


function typeText(s: JsonSchema): string {
  const t = Array.isArray(s.type) ? s.type.join(' | ') : typeof s.type === 'string' ? s.type : 'any';
  if (t === 'array' && isPlainObject(s.items)) {
    const inner = typeText(s.items);
    return inner.includes(' ') ? `(${inner})[]` : `${inner}[]`;
  }
  return t;
}

/** Completion candidates at an offset of a profile's text; works on incomplete YAML; never throws. */
export function completionsAt(text: string, offset: number, context: CompletionContext): Completion[] {
  try {
    return completionsUnchecked(String(text ?? ''), offset, context);
  } catch {
    return [];
  }
}

function completionsUnchecked(text: string, offset: number, context: CompletionContext): Completion[] {
  const place = placeAt(text, offset);
  if (!place) return [];
  const presetId = topValue(text, 'preset');
  const preset = context.presets.find((p) => p.id === presetId);
  const keyId = topValue(text, 'key');
  const key = context.keys.find((k) => k.id === keyId);
  const range = { replaceStart: place.wordStart, replaceEnd: place.wordEnd };
  const out: Completion[] = [];
  const push = (c: Completion): void => {
    out.push({ ...range, ...c });
  };
  const [head, ...rest] = place.path;

  if (place.valueOf !== undefined) {
    const full = [...place.path, place.valueOf];
    const [h, ...r] = full;
    if (full.length === 1) {
      switch (h) {
        case 'preset':
          for (const p of context.presets) push({ label: p.id, insertText: p.id, kind: 'preset', detail: p.name, documentation: p.lifetime.guidance });
          break;
        case 'key': {
          for (const k of context.keys) {
            if (k.use === 'enc') continue;
            const fits = !preset || algorithmFits(k.alg, preset.alg.allowed);
            push({ label: k.id, insertText: k.id, kind: 'key', detail: `${k.alg}${fits ? '' : ` — ${preset?.name} asks for ${preset?.alg.allowed.join(', ')}`}${k.hasPrivate ? '' : ' (verify-only)'}`, sortText: `${fits && k.hasPrivate ? 0 : 1}${k.id}` });
          }
          break;
        }
        case 'alg': {
          let algs: string[] = preset ? [...preset.alg.allowed] : [...JWS_ALGS];
          if (key) algs = algs.filter((a) => a === key.alg);
          for (const a of algs) push({ label: a, insertText: a, kind: 'alg', detail: a === preset?.alg.default ? 'preset default' : undefined, sortText: `${a === preset?.alg.default ? 0 : 1}${a}` });
          break;
        }
        case 'ttl': {
          const max = parseTtl(preset?.lifetime.max) ?? parseTtl(preset?.lifetime.recommendedMax);
          const def = preset ? parseTtl(preset.lifetime.default) : undefined;
          const values = new Set<string>(def ? [formatTtl(def)] : []);
          for (const s of TTL_SHORTHANDS) values.add(s);
          let i = 0;
          for (const v of values) {
            const secs = parseTtl(v) ?? 0;
            if (max !== undefined && secs > max) continue;
            push({ label: v, insertText: v, kind: 'ttl', detail: secs === def ? 'preset default' : `${secs} s`, documentation: preset?.lifetime.guidance, sortText: String(i++).padStart(3, '0') });
          }
          break;
        }
      }
      return out;
    }
    if (h === 'encrypt' && r.length === 1) {
      if (r[0] === 'key') for (const k of context.keys.filter((x) => x.use === 'enc')) push({ label: k.id, insertText: k.id, kind: 'key', detail: k.alg });
      if (r[0] === 'alg') for (const a of JWE_KEY_ALGS.filter((x) => !x.startsWith('PBES2'))) push({ label: a, insertText: a, kind: 'alg' });
      if (r[0] === 'enc') for (const a of JWE_ENCS) push({ label: a, insertText: a, kind: 'alg' });
      return out;
    }
    if (h === 'registered' && r.length === 1) {
      for (const b of ['true', 'false']) push({ label: b, insertText: b, kind: 'value' });
      return out;
    }
    if (h === 'header' && r[0] === 'typ' && r.length === 1) {
      push({ label: 'JWT', insertText: 'JWT', kind: 'value' });
      return out;
    }
    const schema = h === 'claims' ? schemaAt(preset?.claims, r) : h === 'embed' ? schemaAt(preset?.embed?.params, r) : undefined;
    if (schema) valueCandidates(schema, push);
    return out;
  }

  // A "- " item in a list of plain values: offer the item's allowed values.
  if (place.listItem && (head === 'claims' || head === 'embed')) {
    const schema = head === 'claims' ? schemaAt(preset?.claims, rest) : schemaAt(preset?.embed?.params, rest);
    if (schema && schema.type !== 'object' && !schema.properties) {
      valueCandidates(schema, push);
      return out;
    }
  }

  // Property names.
  const present = siblingKeys(text, place);
  if (place.path.length === 0) {
    PROFILE_PROPERTIES.forEach((name, i) => {
      if (present.has(name)) return;
      const scalar = ['preset', 'key', 'alg', 'ttl'].includes(name);
      push({ label: name, insertText: scalar ? `${name}: ` : `${name}:\n  `, kind: 'property', documentation: PROPERTY_DOCS[name], required: name === 'preset' || name === 'key', sortText: String(i).padStart(2, '0') });
    });
    return out;
  }
  if (head === 'claims' || head === 'embed') {
    const schema = head === 'claims' ? schemaAt(preset?.claims, rest) : schemaAt(preset?.embed?.params, rest);
    const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema?.required ?? []) as string[]);
    for (const [name, s] of Object.entries(props)) {
      if (present.has(name)) continue;
      const req = required.has(name);
      const nested = s.type === 'object' || s.type === 'array';
      push({
        label: name,
        insertText: nested ? `${name}:\n${' '.repeat(place.indent + 2)}${s.type === 'array' ? '- ' : ''}` : `${name}: `,
        kind: head === 'claims' ? 'claim' : 'property',
        detail: `${typeText(s)}${req ? ' (required)' : ''}`,
        documentation: typeof s.description === 'string' ? s.description : undefined,
        required: req,
        sortText: `${req ? 0 : 1}${name}`,
      });
    }
    return out;
  }
  if (head === 'header' && rest.length === 0) {
    const names: Array<[string, string]> = [['typ', 'Token type; default JWT.']];
    if (preset?.header?.kid !== 'forbidden') names.unshift(['kid', preset?.header?.kidGuidance ?? (preset?.header?.kid === 'required' ? 'Key id; default: the key’s kid.' : 'Key id; without it the token carries no kid.')]);
    for (const [n, rule] of Object.entries(preset?.header?.members ?? {})) names.push([n, rule.description ?? '']);
    for (const [n, doc] of names) if (!present.has(n)) push({ label: n, insertText: `${n}: `, kind: 'property', documentation: doc });
    return out;
  }
  if (head === 'registered' && rest.length === 0) {
    for (const n of REGISTERED_CLAIMS) {
      const rule = preset?.registeredClaims?.[n];
      if (present.has(n) || (rule && !rule.switchable)) continue;
      push({ label: n, insertText: `${n}: ${rule?.add ? 'false' : 'true'}`, kind: 'property', detail: rule ? (rule.add ? 'added by default' : 'off by default') : undefined });
    }
    return out;
  }
  if (head === 'encrypt' && rest.length === 0) {
    for (const n of ['key', 'alg', 'enc']) if (!present.has(n)) push({ label: n, insertText: `${n}: `, kind: 'property' });
  }
  return out;
}

function valueCandidates(schema: JsonSchema, push: (c: Completion) => void): void {
  const target = schema.type === 'array' && isPlainObject(schema.items) ? schema.items : schema;
  const seen = new Set<string>();
  const add = (v: unknown, detail?: string): void => {
    if (typeof v === 'object' && v !== null) return;
    const t = typeof v === 'string' ? v : JSON.stringify(v);
    if (seen.has(t)) return;
    seen.add(t);
    push({ label: t, insertText: t, kind: 'value', detail, sortText: String(seen.size).padStart(3, '0') });
  };
  if (target.const !== undefined) add(target.const);
  if (Array.isArray(target.enum)) for (const v of target.enum) add(v);
  const types = Array.isArray(target.type) ? target.type : [target.type];
  if (types.includes('boolean')) {
    add(true);
    add(false);
  }
  if (Array.isArray(target.examples)) for (const v of target.examples) add(v, 'example');
}

/** Hover text for the claim, embed parameter or profile property under the offset: description, type, allowed values. Plain text; the adapter renders it inertly. */
export function hoverAt(text: string, offset: number, context: CompletionContext): { markdownSafeText: string; range: { start: number; end: number } } | undefined {
  try {
    const at = Math.max(0, Math.min(offset, text.length));
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const m = KEY_LINE.exec(line);
    if (!m) return undefined;
    const keyStart = lineStart + (m[1]?.length ?? 0) + (m[2]?.length ?? 0);
    const keyEnd = keyStart + (m[3]?.length ?? 0);
    if (at < keyStart || at > keyEnd) return undefined;
    const name = unquote(m[3] ?? '');
    const place = placeAt(text, keyStart);
    if (!place) return undefined;
    const presetId = topValue(text, 'preset');
    const preset = context.presets.find((p) => p.id === presetId);
    const [head, ...rest] = place.path;
    const range = { start: keyStart, end: keyEnd };
    if (place.path.length === 0) {
      const doc = PROPERTY_DOCS[name];
      if (!doc) return undefined;
      const extra = name === 'preset' && preset ? `\n\n${preset.name}${preset.docs ? ` — ${preset.docs}` : ''}` : name === 'ttl' && preset?.lifetime.guidance ? `\n\n${preset.lifetime.guidance}` : '';
      return { markdownSafeText: safeParagraphs([`${name}: ${doc}`, extra.trim()]), range };
    }
    if (head !== 'claims' && head !== 'embed') return undefined;
    const parent = head === 'claims' ? schemaAt(preset?.claims, rest) : schemaAt(preset?.embed?.params, rest);
    const s = schemaAt(parent, [name]);
    if (!s) return undefined;
    const required = ((parent?.required ?? []) as string[]).includes(name);
    const lines = [`${name} (${typeText(s)}${required ? ', required' : ''})`];
    if (typeof s.description === 'string') lines.push(s.description);
    const target = s.type === 'array' && isPlainObject(s.items) ? s.items : s;
    if (Array.isArray(target.enum)) lines.push(`Allowed: ${target.enum.map((v) => JSON.stringify(v)).join(', ')}`);
    if (target.const !== undefined) lines.push(`Must be ${JSON.stringify(target.const)}`);
    if (typeof target.maxLength === 'number') lines.push(`At most ${target.maxLength} characters`);
    const hint = head === 'claims' && rest.length === 0 ? preset?.hints?.find((h) => h.claim === name) : undefined;
    if (hint) lines.push(hint.message);
    return { markdownSafeText: safeParagraphs(lines), range };
  } catch {
    return undefined;
  }
}

// Preset text can come from a workspace file: every paragraph is escaped so it renders as text, never as links or HTML.
function safeParagraphs(paragraphs: string[]): string {
  return paragraphs.filter(Boolean).map((p) => escapeMarkdown(p)).join('\n\n');
}
