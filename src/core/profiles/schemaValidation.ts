// Preset schemas checked with ajv: one instance, each schema compiled once (a
// WeakMap keyed by the schema object), and ajv's errors turned into claim
// problems in words a person can act on, with the path to point at.

import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { linearRegExp, patternGaveUp } from '../text/linearPattern';
import type { JsonSchema, Preset } from './presets';

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
