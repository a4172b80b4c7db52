// The shape of the Token Editor's model: what editorModel (model.ts) works out
// and the page (webview/) renders. Types only, besides the list of switched claims.

import type { JweEnc, JweKeyAlg, JwsAlg } from '../base/types';
import type { RegisteredClaim } from '../profiles/presets';
import type { ProfileDiagnostic } from '../text/yamlRanges';
import type { ClaimType } from './claimTypes';

export type { ClaimType } from './claimTypes';

/** How the form edits a value. */
export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'json' | 'date';

export interface FieldMessage {
  severity: ProfileDiagnostic['severity'];
  code: string;
  message: string;
}

/** A claim or embed parameter written in the profile. */
export interface FieldRow {
  name: string;
  value: unknown;
  kind: FieldKind;
  /**
   * For a claim outside the preset's schema: its type as the form's type
   * chooser shows it (from the value; `date` for the NumericDate claims).
   * Absent for schema claims, whose type is the schema's, and for null.
   */
  type?: ClaimType;
  /** Allowed values when kind is 'enum'. */
  options?: unknown[];
  required: boolean;
  /** In the preset's schema. */
  known: boolean;
  description?: string;
  /** Diagnostics whose range lies on this row. */
  messages: FieldMessage[];
}

/** A schema property not yet in the profile, offered when adding a row. */
export interface FieldSuggestion {
  name: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  /** The value a new row starts with (example, enum member or a typed empty value). */
  initial: unknown;
}

export interface KeyChoice {
  id: string;
  alg: string;
  kty: string;
  hasPrivate: boolean;
  /** Why this key cannot be used here, when it cannot. */
  unusable?: string;
}

export interface RegisteredSwitch {
  name: RegisteredClaim;
  on: boolean;
  /** False when the preset fixes it. */
  switchable: boolean;
  /** Written in the profile's `registered` mapping. */
  written: boolean;
}

/** iss and sub: claims written in `claims:` (the YAML stays the truth) that the form offers as switches beside iat / exp. */
export const SWITCHED_CLAIMS = ['iss', 'sub'] as const;
export type SwitchedClaim = (typeof SWITCHED_CLAIMS)[number];

export interface ClaimSwitch {
  name: SwitchedClaim;
  /** Written in `claims:`. */
  on: boolean;
  /** False when the preset requires the claim and it is written: it cannot be switched off. */
  switchable: boolean;
  required: boolean;
  /** The claim's row while it is on: value, kind and messages. */
  row?: FieldRow;
  /** The value switching it on writes when the page has none to restore. */
  initial: unknown;
  description?: string;
}

/** Form controls that show the diagnostics about their part of the profile. */
export type FormControl = 'preset' | 'key' | 'alg' | 'ttl' | 'registered' | 'claims' | 'embed' | 'encrypt';

export interface EditorModel {
  /** False when the YAML cannot be edited through the form (syntax errors, not a mapping); `problem` says why. */
  editable: boolean;
  problem?: string;
  presets: Array<{ id: string; name: string }>;
  presetId?: string;
  preset?: {
    id: string;
    name: string;
    docs?: string;
    algAllowed: JwsAlg[];
    algDefault: JwsAlg;
    lifetimeDefault: string;
    lifetimeMax?: string;
    guidance?: string;
    kid: 'required' | 'forbidden' | 'optional';
    hasEmbedUrl: boolean;
    snippets: string[];
  };
  keyId?: string;
  keys: KeyChoice[];
  /** The algorithm tokens get (profile, else key, else preset). */
  alg?: JwsAlg;
  /** The `alg` written in the profile, if any. */
  algWritten?: string;
  /** The lifetime as written, and in seconds (written or preset default). */
  ttlWritten?: string;
  ttlSeconds?: number;
  registered: RegisteredSwitch[];
  /** iss / sub, where the preset allows them; they are then not in `claims`. */
  claimSwitches: ClaimSwitch[];
  claims: FieldRow[];
  claimSuggestions: FieldSuggestion[];
  embed: FieldRow[];
  embedSuggestions: FieldSuggestion[];
  encrypt?: { key: string; alg?: string; enc?: string };
  encryptKeys: KeyChoice[];
  jweAlgs: JweKeyAlg[];
  jweEncs: JweEnc[];
  /** Diagnostics about a control (the key, the algorithm …), shown beside it. */
  controlMessages: Partial<Record<FormControl, Array<FieldMessage & { line: number }>>>;
  /** Diagnostics not shown on a row or a control, with 1-based lines. */
  messages: Array<FieldMessage & { line: number }>;
  errors: number;
  warnings: number;
  /** Header and payload a token signed now would have (no signature), or why there is none yet. */
  preview: { ok: true; header: Record<string, unknown>; payload: Record<string, unknown> } | { ok: false; message: string };
}
