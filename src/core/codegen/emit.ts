// What every generator shares: JSON values as a language's literals (through
// its one string encoder), parameters by name, the comment at the top of the
// code, and the checks of what the language's library can do.

import type { Result } from '../base/types';
import { fail } from '../base/result';
import { clip, commentText, stringLiteral, type CodeLanguage } from './literals';
import { isObject, type CodeModel, type JsonValue, type ValueSource } from './model';
import { keyWords, LIBRARIES } from './support';

/** What a generator returns: the code, and what it could not do (said to the person too). */
export interface GeneratedCode {
  code: string;
  notes: string[];
}

/** How a language writes JSON values. Keys and strings go through the language's one string encoder. */
export interface ValueSyntax {
  lang: CodeLanguage;
  null: string;
  bool(value: boolean): string;
  /** A number literal; default: the JSON text (integers beyond 2^53 as floating point). */
  number?(value: number): string;
  list(items: string[]): string;
  /** An object from key literals and value texts; `keys` are the names as data. */
  map(entries: Array<[string, string]>, keys: string[]): string;
}

/** A number as JSON writes it, with integers beyond 2^53 (not exact anyway) in floating-point form so no language reads them as an overflowing integer. */
export function numberText(value: number): string {
  if (Object.is(value, -0)) return '0';
  if (Number.isSafeInteger(value)) return String(value);
  const text = String(value);
  return /[.e]/.test(text) ? text : value.toExponential();
}

/** A JSON value as a literal of the language, nested values on one line. */
export function valueLiteral(value: JsonValue, syntax: ValueSyntax): string {
  if (value === null) return syntax.null;
  if (typeof value === 'boolean') return syntax.bool(value);
  if (typeof value === 'number') return syntax.number ? syntax.number(value) : numberText(value);
  if (typeof value === 'string') return stringLiteral(syntax.lang, value);
  if (Array.isArray(value)) return syntax.list(value.map((v) => valueLiteral(v, syntax)));
  const keys = Object.keys(value);
  return syntax.map(
    keys.map((k) => [stringLiteral(syntax.lang, k), valueLiteral((value as Record<string, JsonValue>)[k] as JsonValue, syntax)]),
    keys,
  );
}

/** A claim or header member: its literal, or the name of the parameter it comes from. */
export function sourceText(source: ValueSource, names: readonly string[], syntax: ValueSyntax): string {
  return source.kind === 'param' ? (names[source.param] ?? '') : valueLiteral(source.value, syntax);
}

/** True when a JSON value holds an object somewhere (for languages whose empty object needs care). */
export function holdsObject(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.some(holdsObject);
  return isObject(value);
}

/** Refuses an algorithm the language's library does not sign. */
export function checkSigns(model: CodeModel, lang: CodeLanguage): Result<object> {
  const library = LIBRARIES[lang];
  if (library.signs(model.alg)) return { ok: true };
  return fail('ALG_UNSUPPORTED', `${library.library} cannot sign ${model.alg} (${library.signNote ?? 'not supported'}); choose another language, or a key with another algorithm.`);
}

/** Whether the library encrypts the way the profile asks; when not, the note the code carries and the generator reports (plain text: each use encodes it). */
export function encryptionNote(model: CodeModel, lang: CodeLanguage, encs?: readonly string[]): string | undefined {
  const e = model.encrypt;
  if (!e) return undefined;
  const library = LIBRARIES[lang];
  if (library.encrypts.length === 0) return `${library.library} has no JWE: this code signs the token but does not encrypt it to '${clip(e.key.id)}' (${e.alg}, ${e.enc}) as the profile says. The Node.js (jose) and Java (nimbus-jose-jwt) code encrypts it.`;
  if (!library.encrypts.includes(e.alg) || (encs && !encs.includes(e.enc))) return `${library.library} does not encrypt with ${e.alg} and ${e.enc} here: this code signs the token but does not encrypt it. The Node.js (jose) code encrypts it.`;
  return undefined;
}

/** The comment lines at the top of every file, as plain text (`commented` encodes them for the language). */
export function headerLines(model: CodeModel, lang: CodeLanguage, ready: Pick<Prepared, 'encrypts' | 'notes'>, saveAs?: string): string[] {
  const library = LIBRARIES[lang];
  const lines = [`${clip(model.preset.name)}: a token for the signed-in user, as the JWT Studio profile says.`];
  if (model.preset.docs) lines.push(`Vendor's documentation: ${clip(model.preset.docs)}`);
  lines.push(`Library: ${library.library} (${library.install}).${saveAs ? ` ${saveAs}` : ''}`);
  lines.push(`Key: ${model.key.env} holds ${keyWords(model.key.kind, false, lang)} of '${clip(model.key.id)}', or ${model.key.fileEnv} the path of a file holding it.`);
  if (model.encrypt && ready.encrypts) lines.push(`Recipient: ${model.encrypt.key.env} holds ${keyWords(model.encrypt.key.kind, true, lang)} of '${clip(model.encrypt.key.id)}', or ${model.encrypt.key.fileEnv} its path.`);
  lines.push('Keys are read at run time, never written into this code.');
  const times = [model.times.iat ? 'iat = now' : '', model.times.nbf ? 'nbf = now' : '', model.times.exp ? `exp = now + ${model.times.ttlSeconds} s` : '', model.times.jti ? 'jti = a random UUID' : ''].filter(Boolean);
  lines.push(`Token: ${model.alg}${model.kid !== undefined ? `, kid ${clip(model.kid)}` : ''}${times.length ? `; ${times.join(', ')}` : ''}.`);
  if (model.embed?.host) lines.push(`The ${model.embed.kind === 'url' ? 'embed URL' : `"${clip(model.embed.name ?? '')}" snippet`} sends the token to ${clip(model.embed.host)}.`);
  return [...lines, ...ready.notes];
}

/** Comment lines with a marker, each line through the language's comment encoder (nothing in it ends the comment). */
export function commented(lang: CodeLanguage, marker: string, lines: readonly string[], indent = ''): string[] {
  return lines.map((line) => `${indent}${marker} ${commentText(lang, line)}`);
}

/** The message the example prints when the key's variable is unset. */
export function missingKeyMessage(env: string, fileEnv: string, what: string): string {
  return `${env} is not set: set it to ${what}, or set ${fileEnv} to the path of a file holding it.`;
}

/** Lines joined, with a final newline; entries that are not text (a false condition) are left out. */
export function file(lines: readonly unknown[]): string {
  return `${lines.filter((l): l is string => typeof l === 'string').join('\n')}\n`;
}

/** How a language joins strings and encodes a value where it lands in the embed URL or snippet. */
export interface EmbedSyntax {
  lang: CodeLanguage;
  /** ' + ', or ' . ' in PHP. */
  concat: string;
  /** Percent-encodes everything but A-Z a-z 0-9 - _ . ~ (as the preset's |path, |query and |hash do). */
  component(expr: string): string;
  html(expr: string): string;
  js(expr: string): string;
}

/** The embed URL or snippet as one expression over the token variable. */
export function embedExpression(model: CodeModel, syntax: EmbedSyntax, token = 'token'): string {
  const parts = model.embed?.parts ?? [];
  return parts
    .map((p) => {
      if (p.kind === 'text') return stringLiteral(syntax.lang, p.text);
      if (p.kind === 'value') return syntax.component(stringLiteral(syntax.lang, p.text));
      return p.encodings.reduce((expr, e) => syntax[e](expr), token);
    })
    .join(syntax.concat);
}

/** Which encodings the embed expression uses (so a language imports only what it calls). */
export function embedEncodings(model: CodeModel): Set<'component' | 'html' | 'js'> {
  const out = new Set<'component' | 'html' | 'js'>();
  for (const p of model.embed?.parts ?? []) {
    if (p.kind === 'value') out.add('component');
    if (p.kind === 'token') for (const e of p.encodings) out.add(e);
  }
  return out;
}

/** The function's parameters after the key, each `, TYPE NAME` (or `, NAME TYPE` in Go), typed by its example. */
export function typedParams(model: CodeModel, names: readonly string[], types: { text: string; number: string }, nameFirst = false): string {
  return model.params.map((p, i) => {
    const type = typeof p.example === 'number' ? types.number : types.text;
    return nameFirst ? `, ${names[i]} ${type}` : `, ${type} ${names[i]}`;
  }).join('');
}

/** The constants every example declares: the key's variables, the recipient's when the code encrypts, and the lifetime. */
export function keyConstants(model: CodeModel, encrypts: boolean, line: (name: 'KEY_ENV' | 'KEY_FILE_ENV' | 'RECIPIENT_KEY_ENV' | 'RECIPIENT_KEY_FILE_ENV', literal: string) => string, lang: CodeLanguage): string[] {
  const e = model.encrypt;
  const out = [line('KEY_ENV', stringLiteral(lang, model.key.env)), line('KEY_FILE_ENV', stringLiteral(lang, model.key.fileEnv))];
  if (encrypts && e) out.push(line('RECIPIENT_KEY_ENV', stringLiteral(lang, e.key.env)), line('RECIPIENT_KEY_FILE_ENV', stringLiteral(lang, e.key.fileEnv)));
  return out;
}

/** What every generator starts from: the library signs the algorithm, the literal encoder, the notes, parameter names. */
export interface Prepared {
  lit: (text: string) => string;
  /** What the code does not do as the profile says (why it does not encrypt, a typ it cannot leave out): in the file's top comment, and said to the person. */
  notes: string[];
  encrypts: boolean;
  names: string[];
  encodings: Set<'component' | 'html' | 'js'>;
  secret: boolean;
}

export function prepare(model: CodeModel, lang: CodeLanguage, nameOf: (words: readonly string[]) => string, encs?: readonly string[]): Result<Prepared> {
  const signs = checkSigns(model, lang);
  if (!signs.ok) return signs;
  const note = encryptionNote(model, lang, encs);
  return {
    ok: true,
    lit: (text) => stringLiteral(lang, text),
    notes: note === undefined ? [] : [note],
    encrypts: model.encrypt !== undefined && note === undefined,
    names: model.params.map((p) => nameOf(p.words)),
    encodings: embedEncodings(model),
    secret: model.key.kind === 'secret',
  };
}

/** The note for a library that always writes typ, when the profile leaves it out. */
export function typNote(model: CodeModel, lang: CodeLanguage): string[] {
  return model.typ === undefined ? [`${LIBRARIES[lang].library} always writes typ: the profile leaves it out, this code writes "JWT".`] : [];
}

/** What a generator returns: the code and its notes. */
export function generated(code: string, ready: Prepared): Result<GeneratedCode> {
  return { ok: true, code, notes: ready.notes };
}
