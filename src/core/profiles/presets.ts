// Vendor presets: data (presets/*.json, or a user's .vscode/jwt-presets/*.yaml)
// describing what one vendor accepts. Claims and embed parameters are JSON
// Schema, checked with ajv; each schema is compiled once, on first use
// (schemaValidation.ts).

import type { Document } from 'yaml';
import type { JwsAlg, Result } from '../base/types';
import { JWS_ALGS } from '../base/types';
import { parseTtl } from './ttl';
import { parseTemplate, parseUrlTemplate } from './embedTemplate';
import { rangeFor } from '../text/yamlRanges';
import type { ProfileDiagnostic } from '../text/yamlRanges';
import { builtinPresetData } from './builtinPresets';
import { compilePattern } from '../text/linearPattern';
import { schemaProblems, validatorFor } from './schemaValidation';
import { MAX_ALIAS_EXPANSION, PRESET_YAML_LIMITS, limitDiagnostic, parseYaml, yamlDiagnostics } from '../text/yamlLimits';
import { isPlainObject } from '../base/guards';

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

export type { ClaimSchemaProblem } from './schemaValidation';
export { schemaProblems, validateClaims, validatorFor } from './schemaValidation';

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
        else if (k === 'patternProperties' && isPlainObject(v)) {
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

