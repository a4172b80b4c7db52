// Vendor presets: data (presets/*.json, or a user's .vscode/jwt-presets/*.yaml)
// describing what one vendor accepts. Claims and embed parameters are JSON
// Schema, checked with ajv; each schema is compiled once, on first use.

import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document } from 'yaml';
import type { JwsAlg, Result } from '../base/types';
import { JWS_ALGS } from '../base/types';
import { parseTtl } from './ttl';
import { parseTemplate, parseUrlTemplate } from './embedTemplate';
import { rangeFor } from '../text/yamlRanges';
import type { ProfileDiagnostic } from '../text/yamlRanges';
import { builtinPresetData } from './builtinPresets';
import { compilePattern, linearRegExp, patternGaveUp } from '../text/linearPattern';
import { MAX_ALIAS_EXPANSION, PRESET_YAML_LIMITS, limitDiagnostic, parseYaml, yamlDiagnostics } from '../text/yamlLimits';

/** A JSON Schema object (draft-07 subset ajv understands). */
export type JsonSchema = { [keyword: string]: unknown };

export type RegisteredClaim = 'iat' | 'exp' | 'nbf' | 'jti';
export const REGISTERED_CLAIMS: readonly RegisteredClaim[] = ['iat', 'exp', 'nbf', 'jti'];

export interface HeaderMemberRule {
  /** Copy this claim's value into the header (Tableau: header iss = claim iss). */
  fromClaim?: string;
  /** A fixed value. */
  value?: unknown;
  required?: boolean;
  description?: string;
}

export interface Preset {
  id: string;
  name: string;
  docs?: string;
  alg: { default: JwsAlg; allowed: JwsAlg[] };
  header?: {
    /** required: the key's kid (or the profile's header.kid) goes in; forbidden: no kid; optional: a kid goes in only when the profile's header.kid sets one. */
    kid?: 'required' | 'forbidden' | 'optional';
    kidGuidance?: string;
    /** typ header; null leaves it out. Default JWT. */
    typ?: string | null;
    members?: Record<string, HeaderMemberRule>;
  };
  lifetime: {
    /** Seconds or shorthand (5m). */
    default: number | string;
    /** Longer lifetimes are refused by the vendor (error). */
    max?: number | string;
    /** Longer lifetimes buy nothing (warning). */
    recommendedMax?: number | string;
    guidance?: string;
  };
  /** Claims the generator adds: add = on by default; switchable = a profile may turn it off (or on). */
  registeredClaims?: Partial<Record<RegisteredClaim, { add: boolean; switchable: boolean }>>;
  claims: JsonSchema;
  /** Shown (info) when the claim is present. */
  hints?: Array<{ claim: string; message: string }>;
  embed?: {
    delivery: 'iframe' | 'redirect' | 'sdk' | 'form-post';
    params?: JsonSchema;
    url?: string;
    snippets?: Record<string, string>;
  };
  /** Where a user preset came from (file path), for messages. */
  source?: string;
}

// ---- the preset's own shape, checked like any other schema

// Built on first use, so bundles that never check a preset carry no work at load time.
let presetSchemaCache: JsonSchema | undefined;
function presetSchema(): JsonSchema {
  if (presetSchemaCache) return presetSchemaCache;
  const ALG_ENUM = { type: 'string', enum: [...JWS_ALGS] };
  const DURATION = { type: ['number', 'string'] };
  presetSchemaCache = {
    type: 'object',
    properties: {
      id: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
      name: { type: 'string', minLength: 1 },
      docs: { type: 'string', pattern: '^https://' },
      alg: {
        type: 'object',
        properties: { default: ALG_ENUM, allowed: { type: 'array', items: ALG_ENUM, minItems: 1 } },
        required: ['default', 'allowed'],
        additionalProperties: false,
      },
      header: {
        type: 'object',
        properties: {
          kid: { type: 'string', enum: ['required', 'forbidden', 'optional'] },
          kidGuidance: { type: 'string' },
          typ: { type: ['string', 'null'] },
          members: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              properties: { fromClaim: { type: 'string' }, value: {}, required: { type: 'boolean' }, description: { type: 'string' } },
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
      lifetime: {
        type: 'object',
        properties: { default: DURATION, max: DURATION, recommendedMax: DURATION, guidance: { type: 'string' } },
        required: ['default'],
        additionalProperties: false,
      },
      registeredClaims: {
        type: 'object',
        propertyNames: { enum: [...REGISTERED_CLAIMS] },
        additionalProperties: {
          type: 'object',
          properties: { add: { type: 'boolean' }, switchable: { type: 'boolean' } },
          required: ['add', 'switchable'],
          additionalProperties: false,
        },
      },
      claims: { type: 'object' },
      hints: {
        type: 'array',
        items: { type: 'object', properties: { claim: { type: 'string' }, message: { type: 'string' } }, required: ['claim', 'message'], additionalProperties: false },
      },
      embed: {
        type: 'object',
        properties: {
          delivery: { type: 'string', enum: ['iframe', 'redirect', 'sdk', 'form-post'] },
          params: { type: 'object' },
          url: { type: 'string' },
          snippets: { type: 'object', additionalProperties: { type: 'string' } },
        },
        required: ['delivery'],
        additionalProperties: false,
      },
      source: { type: 'string' },
    },
    required: ['id', 'name', 'alg', 'lifetime', 'claims'],
    additionalProperties: false,
  };
  return presetSchemaCache;
}

// ---- ajv: one instance, validators cached per schema object

let ajvInstance: Ajv | undefined;
const validators = new WeakMap<object, ValidateFunction | Error>();

function ajv(): Ajv {
  // strict catches misspelt keywords in presets; strictTypes would refuse the ["string","integer"] unions vendors need;
  // verbose keeps the failing value and schema on each error, which the messages quote;
  // patterns run on linearRegExp, which never backtracks (profile values and preset patterns are both workspace text);
  // no optimisation pass over the generated code: it costs more than the rest of compiling (superlinear in the schema)
  // and a workspace preset is compiled again on every change.
  ajvInstance ??= new Ajv({ allErrors: true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false, logger: false, validateFormats: false, verbose: true, code: { regExp: linearRegExp, optimize: false } });
  return ajvInstance;
}

/** The compiled validator for a schema, or the compile error (a broken user preset). */
export function validatorFor(schema: object): ValidateFunction | Error {
  let v = validators.get(schema);
  if (!v) {
    try {
      v = ajv().compile(schema);
    } catch (e) {
      v = e instanceof Error ? e : new Error(String(e));
    }
    validators.set(schema, v);
  }
  return v;
}

// ---- claim problems in words a person can act on

export interface ClaimSchemaProblem {
  /** Dotted path such as `credits[0].orderId`; '' for the claims object itself. */
  path: string;
  /** The same path as keys and indexes, for finding the YAML node. */
  segments: Array<string | number>;
  code: 'CLAIM_MISSING' | 'CLAIM_TYPE' | 'CLAIM_ENUM' | 'CLAIM_LENGTH' | 'CLAIM_UNKNOWN' | 'CLAIM_INVALID';
  message: string;
  /** The missing or unknown member, when there is one. */
  member?: string;
  /** Where to point when the problem is about another member (a missing partner points at the one that is present). */
  anchor?: Array<string | number>;
}

/** Validates a value against a schema and describes each problem; `noun` is "claim" or "embed parameter". */
export function schemaProblems(schema: JsonSchema, value: unknown, noun = 'claim'): ClaimSchemaProblem[] {
  const validate = validatorFor(schema);
  if (validate instanceof Error) return [{ path: '', segments: [], code: 'CLAIM_INVALID', message: `The preset's schema is broken: ${validate.message}` }];
  if (validate(value)) return [];
  const problems: ClaimSchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const p = describe(e, schema, noun);
    const key = p && `${p.path}\u0000${p.message}`;
    if (p && key !== undefined && !seen.has(key)) {
      seen.add(key);
      problems.push(p);
    }
  }
  return problems;
}

function segmentsOf(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => {
    const t = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(t) ? Number(t) : t;
  });
}

function dotted(segments: Array<string | number>): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'text';
  if (typeof v === 'number') return Number.isInteger(v) ? 'a whole number' : 'a number';
  return typeof v === 'boolean' ? 'true/false' : typeof v;
}

const TYPE_WORDS: Record<string, string> = { string: 'text', number: 'a number', integer: 'a whole number', boolean: 'true or false', array: 'a list', object: 'an object', null: 'null' };

function describe(e: ErrorObject, _schema: JsonSchema, noun: string): ClaimSchemaProblem | undefined {
  const segments = segmentsOf(e.instancePath);
  const where = dotted(segments);
  const params = e.params as Record<string, unknown>;
  const subject = where ? `${noun[0]?.toUpperCase()}${noun.slice(1)} "${where}"` : `The ${noun}s`;
  const desc = (e.parentSchema as { description?: string } | undefined)?.description;
  switch (e.keyword) {
    case 'required': {
      const member = String(params.missingProperty);
      const full = dotted([...segments, member]);
      const propDesc = ((e.schema as unknown) && ((e.parentSchema as JsonSchema | undefined)?.properties as Record<string, { description?: string }> | undefined)?.[member]?.description);
      return { path: full, segments: [...segments, member], member, code: 'CLAIM_MISSING', message: `Missing required ${noun} "${full}"${propDesc ? `: ${propDesc}` : '.'}` };
    }
    case 'dependencies':
    case 'dependentRequired': {
      const member = String(params.missingProperty);
      return { path: dotted([...segments, member]), segments: [...segments, member], member, anchor: [...segments, String(params.property)], code: 'CLAIM_MISSING', message: `"${String(params.property)}" needs "${member}" as well: set both or neither.` };
    }
    case 'type': {
      const wanted = String(params.type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ');
      return { path: where, segments, code: 'CLAIM_TYPE', message: `${subject} must be ${wanted}, not ${typeName(e.data)}.` };
    }
    case 'enum':
      return { path: where, segments, code: 'CLAIM_ENUM', message: `${subject} must be one of ${((params.allowedValues as unknown[]) ?? []).map((v) => JSON.stringify(v)).join(', ')}; got ${JSON.stringify(e.data)}.` };
    case 'const':
      return { path: where, segments, code: 'CLAIM_ENUM', message: `${subject} must be ${JSON.stringify(params.allowedValue)}; got ${JSON.stringify(e.data)}.` };
    case 'maxLength':
      return { path: where, segments, code: 'CLAIM_LENGTH', message: `${subject} is ${String(e.data).length} characters; at most ${String(params.limit)} are allowed.` };
    case 'minLength':
      return { path: where, segments, code: 'CLAIM_LENGTH', message: `${subject} must not be empty.` };
    case 'maxItems':
    case 'minItems':
      return { path: where, segments, code: 'CLAIM_LENGTH', message: `${subject} must have ${e.keyword === 'maxItems' ? 'at most' : 'at least'} ${String(params.limit)} item${params.limit === 1 ? '' : 's'}.` };
    case 'maxProperties':
    case 'minProperties':
      return { path: where, segments, code: 'CLAIM_INVALID', message: `${subject} must have ${e.keyword === 'maxProperties' ? 'at most' : 'at least'} ${String(params.limit)} member${params.limit === 1 ? '' : 's'}${desc ? ` — ${desc}` : '.'}` };
    case 'additionalProperties': {
      const member = String(params.additionalProperty);
      const full = dotted([...segments, member]);
      const known = Object.keys(((e.parentSchema as JsonSchema | undefined)?.properties as object | undefined) ?? {});
      // At most 20 names: one message per unknown member, and a preset may know hundreds.
      const listed = known.length > 20 ? `${known.slice(0, 20).join(', ')} and ${known.length - 20} more` : known.join(', ');
      return { path: full, segments: [...segments, member], member, code: 'CLAIM_UNKNOWN', message: `"${full}" is not a ${noun} this preset knows${known.length ? `; known: ${listed}` : ''}.` };
    }
    case 'propertyNames':
      return undefined;
    case 'pattern':
      if (patternGaveUp(String(params.pattern), e.data)) {
        return { path: where, segments, code: 'CLAIM_INVALID', message: `${subject} (${String(e.data).length} characters) is too long to check against the preset's pattern ${String(params.pattern)}; shorten it.` };
      }
      return { path: where, segments, code: 'CLAIM_INVALID', message: `${subject} has the wrong form${desc ? ` — ${desc}` : ` (expected to match ${String(params.pattern)}).`}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path: where, segments, code: 'CLAIM_INVALID', message: `${subject} must be ${String(params.comparison)} ${String(params.limit)}.` };
    default:
      return { path: where, segments, code: 'CLAIM_INVALID', message: `${subject} ${e.message ?? 'is not valid'}.` };
  }
}

/** Checks claims against a preset's schema through ajv; each problem has a dotted path, a stable code and a message that says what to change. */
export function validateClaims(preset: Preset, claims: unknown): Array<{ path: string; code: string; message: string }> {
  return schemaProblems(preset.claims, claims).map(({ path, code, message }) => ({ path, code, message }));
}

// ---- built-ins and user presets

/** The built-in presets, then user presets; a user preset with a built-in id replaces it. */
export function listPresets(userPresets: Preset[] = []): Preset[] {
  const byId = new Map<string, Preset>();
  for (const p of builtinPresetData) byId.set(p.id, p);
  for (const p of userPresets) byId.set(p.id, p);
  return [...byId.values()];
}

/** The preset with this id, from the given list (default: built-ins). */
export function findPreset(id: string, presets: Preset[] = listPresets()): Preset | undefined {
  return presets.find((p) => p.id === id);
}

/** Checks a user preset (YAML or JSON text) and returns every problem with its range: its own shape, its schemas and templates are checked; problems come with ranges. */
export function checkPreset(text: string, source: string): { preset?: Preset; diagnostics: ProfileDiagnostic[] } {
  if (text.length > MAX_PRESET_CHARS) return { diagnostics: [{ start: 0, end: 0, severity: 'error', code: 'TOO_LARGE', message: 'This preset is over 1 MB; a preset is a few hundred lines.' }] };
  const parsed = parseYaml(text, { prettyErrors: false, uniqueKeys: true, what: 'preset', limits: PRESET_YAML_LIMITS });
  if (!parsed.ok) return { diagnostics: [limitDiagnostic(text, parsed.hit)] };
  const doc = parsed.doc;
  const diagnostics: ProfileDiagnostic[] = yamlDiagnostics(text, doc.errors, 'error', 'YAML_SYNTAX');
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (e) {
    diagnostics.push({ start: 0, end: 0, severity: 'error', code: 'YAML_SYNTAX', message: e instanceof Error ? firstLine(e.message) : 'Unreadable YAML.' });
    return { diagnostics };
  }
  const shape = schemaProblems(presetSchema(), value, 'preset member');
  for (const p of shape) {
    const [start, end] = rangeFor(doc, p.segments, p.code === 'CLAIM_UNKNOWN' ? 'key' : 'value');
    diagnostics.push({ start, end, severity: 'error', code: 'PRESET_INVALID', message: p.message });
  }
  if (shape.length === 0) {
    const preset = value as Preset;
    const checks: Array<[Array<string | number>, object | undefined]> = [[['claims'], preset.claims], [['embed', 'params'], preset.embed?.params]];
    for (const [path, schema] of checks) {
      if (!schema) continue;
      // A refused pattern is reported where it is written; the schema then does not compile for that reason alone.
      const refused = patternDiagnostics(doc, path, schema);
      diagnostics.push(...refused);
      if (refused.length > 0) continue;
      const v = validatorFor(schema);
      if (v instanceof Error) {
        const [start, end] = rangeFor(doc, path, 'key');
        diagnostics.push({ start, end, severity: 'error', code: 'PRESET_SCHEMA', message: `This schema does not compile: ${v.message}` });
      }
    }
    const templates: Array<[Array<string | number>, string]> = [];
    if (preset.embed?.url) templates.push([['embed', 'url'], preset.embed.url]);
    for (const [name, t] of Object.entries(preset.embed?.snippets ?? {})) templates.push([['embed', 'snippets', name], t]);
    for (const [path, t] of templates) {
      const parsed = path[1] === 'url' ? parseUrlTemplate(t) : parseTemplate(t);
      if (!parsed.ok) {
        const [start, end] = rangeFor(doc, path);
        diagnostics.push({ start, end, severity: 'error', code: 'PRESET_TEMPLATE', message: parsed.message });
      }
    }
    if (!preset.alg.allowed.includes(preset.alg.default)) {
      const [start, end] = rangeFor(doc, ['alg', 'default']);
      diagnostics.push({ start, end, severity: 'error', code: 'PRESET_INVALID', message: `alg.default ${preset.alg.default} is not in alg.allowed (${preset.alg.allowed.join(', ')}).` });
    }
    for (const k of ['default', 'max', 'recommendedMax'] as const) {
      const v = preset.lifetime[k];
      if (v !== undefined && parseTtl(v) === undefined) {
        const [start, end] = rangeFor(doc, ['lifetime', k]);
        diagnostics.push({ start, end, severity: 'error', code: 'TTL_INVALID', message: `lifetime.${k} must be a positive duration such as 300, 300s, 5m, 1h or 1d.` });
      }
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { preset: { ...(value as Preset), source }, diagnostics };
}

const MAX_PRESET_CHARS = 1_000_000;

/** Schema members that hold data (or prose), not schemas: a "pattern" inside them is not a pattern. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'examples', 'default', 'description', 'title', '$comment']);

/** Every `pattern` and `patternProperties` key in a schema that linearRegExp refuses, as a diagnostic at the pattern. */
function patternDiagnostics(doc: Document, base: Array<string | number>, schema: object): ProfileDiagnostic[] {
  const out: ProfileDiagnostic[] = [];
  const report = (path: Array<string | number>, source: string, prefer: 'key' | 'value'): void => {
    const compiled = compilePattern(source);
    if (compiled instanceof Error) {
      const [start, end] = rangeFor(doc, path, prefer);
      out.push({ start, end, severity: 'error', code: 'PRESET_PATTERN', message: compiled.message });
    }
  };
  const stack: Array<[unknown, Array<string | number>]> = [[schema, base]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, Array<string | number>];
    if (Array.isArray(node)) node.forEach((item, i) => stack.push([item, [...path, i]]));
    else if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) {
        if (DATA_KEYWORDS.has(k)) continue;
        if (k === 'pattern' && typeof v === 'string') report([...path, k], v, 'value');
        else if (k === 'patternProperties' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
          for (const [source, sub] of Object.entries(v)) {
            report([...path, k, source], source, 'key');
            stack.push([sub, [...path, k, source]]);
          }
        } else stack.push([v, [...path, k]]);
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Reads a user preset (YAML or JSON text); fails with the first problem and its line when the preset is unusable. */
export function parsePreset(text: string, source: string): Result<{ preset: Preset; diagnostics: ProfileDiagnostic[] }> {
  const checked = checkPreset(text, source);
  if (checked.preset) return { ok: true, preset: checked.preset, diagnostics: checked.diagnostics };
  const first = checked.diagnostics.find((d) => d.severity === 'error');
  const line = first ? text.slice(0, first.start).split('\n').length : 1;
  return { ok: false, error: { code: 'PRESET_INVALID', message: `${source}, line ${line}: ${first?.message ?? 'not a valid preset'}` } };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

