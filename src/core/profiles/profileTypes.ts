// The types of a parsed profile and of what parsing needs (the presets and the
// key ring's public index), shared by the readers, the token request and the
// Token Editor's model.

import type { Document } from 'yaml';
import type { JweEnc, JweKeyAlg, JwsAlg } from '../base/types';
import type { Preset, RegisteredClaim } from './presets';
import type { ProfileDiagnostic } from '../text/yamlRanges';

/** What a profile needs to know about a ring key: never the secret. */
export interface ProfileKeyInfo {
  id: string;
  alg: string;
  use: string;
  kty: string;
  hasPrivate: boolean;
  /** The kid tokens signed with it carry (for previews). */
  kid?: string;
  /** The kid was typed when the key was added, or came with it (a JWK's own, a vendor's id); not a thumbprint or random one. */
  kidGiven?: boolean;
}

export interface Profile {
  preset?: string;
  key?: string;
  /** The profile's alg, else the key's, else the preset default. */
  alg?: JwsAlg;
  /** The profile's ttl, else the preset's default lifetime. */
  ttlSeconds?: number;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  embed: Record<string, unknown>;
  /** Registered claims switched on or off by the profile. */
  registered: Partial<Record<RegisteredClaim, boolean>>;
  encrypt?: { key: string; alg?: JweKeyAlg; enc?: JweEnc };
}

export interface ProfileParse {
  profile: Profile;
  preset?: Preset;
  diagnostics: ProfileDiagnostic[];
  /** The YAML document, when the text was read as one (for callers that need node ranges: no second parse). */
  document?: Document.Parsed;
}

export interface ProfileContext {
  presets?: Preset[];
  keys?: ProfileKeyInfo[];
}

export const PROFILE_PROPERTIES = ['preset', 'key', 'alg', 'ttl', 'header', 'claims', 'embed', 'registered', 'encrypt'] as const;
