// A profile as the command line reads it: its text, the keys given for it
// (bound to the ids the profile names), and the core's parse with those keys
// as the editor's key ring would show them.

import { parseProfile } from '../core/profiles/profile';
import type { ProfileKeyInfo, ProfileParse } from '../core/profiles/profileTypes';
import type { KeyAlg, KeyMaterial } from '../core/base/types';
import { CliError, EXIT } from './errors';
import { readTextFile, shownPath } from './io';
import { loadKey, type KeySpec, type LoadedKey } from './keySource';
import type { Workspace } from './workspace';

/** The largest profile read (the editor's profiles are a few hundred lines). */
export const MAX_PROFILE_BYTES = 1_000_000;

export interface LoadedProfile {
  /** As the person typed it or as found in a folder, relative to the current folder. */
  path: string;
  text: string;
  parse: ProfileParse;
  /** The keys given for this profile, by the id the profile names them with. */
  keys: Map<string, KeyMaterial>;
  /** Where each bound key came from, for messages. */
  sources: Map<string, LoadedKey>;
  warnings: string[];
}

export interface ProfileLoadOptions {
  /** `--kid`. */
  kid?: string;
  /**
   * When given, a key that cannot be read or bound for one of the profile's ids is passed here and
   * left out (the parse then reports that id as not given) instead of failing the whole command.
   */
  onKeyError?: (id: string, error: CliError) => void;
}

function infoFor(id: string, key: KeyMaterial, kidGiven: boolean): ProfileKeyInfo {
  return { id, alg: key.alg, use: key.use, kty: key.kty, hasPrivate: key.privateJwk !== undefined, kid: key.kid, kidGiven };
}

/** The one key of a source that stands for `id`: the only one, else the one with the wanted kid, else the only private one. */
function pickKey(loaded: LoadedKey, id: string, wantedKid: string | undefined, wantPrivate: boolean): { key: KeyMaterial; kidGiven: boolean } {
  const { keys } = loaded;
  if (keys.length === 1) return { key: keys[0]!, kidGiven: loaded.kidGiven[0] ?? false };
  const byKid = wantedKid === undefined ? -1 : keys.findIndex((k) => k.kid === wantedKid);
  if (byKid >= 0) return { key: keys[byKid]!, kidGiven: loaded.kidGiven[byKid] ?? false };
  const privates = keys.map((k, i) => [k, i] as const).filter(([k]) => (wantPrivate ? k.privateJwk !== undefined : true));
  if (privates.length === 1) return { key: privates[0]![0], kidGiven: loaded.kidGiven[privates[0]![1]] ?? false };
  throw new CliError(`${loaded.label} holds ${keys.length} keys; set the profile's header.kid (or --kid) to one of their kids to say which is '${id}'`, EXIT.usage);
}

/** Reads a profile and binds the given keys to it. A key given by id that the profile does not name is left out here; callers decide. */
export async function loadProfile(path: string, workspace: Workspace, specs: readonly KeySpec[], options: ProfileLoadOptions = {}): Promise<LoadedProfile> {
  const text = readTextFile(path, MAX_PROFILE_BYTES);
  const shown = shownPath(path);
  const context = { presets: workspace.presets };
  const first = parseProfile(text, context);
  const keys = new Map<string, KeyMaterial>();
  const sources = new Map<string, LoadedKey>();
  const warnings: string[] = [];
  if (specs.length === 0) return { path: shown, text, parse: first, keys, sources, warnings };

  const signingId = first.profile.key;
  const encryptId = first.profile.encrypt?.key;
  const unnamed = specs.filter((s) => s.id === undefined);
  if (unnamed.length > 1) throw new CliError(`${unnamed.length} keys were given without an id; give the profile's keys as --key ID=FILE (ids: ${[signingId, encryptId].filter(Boolean).join(', ') || 'none named'})`, EXIT.usage);
  const headerKid = typeof first.profile.header.kid === 'string' ? first.profile.header.kid : undefined;
  const infos: ProfileKeyInfo[] = [];
  for (const spec of specs) {
    const id = spec.id ?? signingId;
    // A profile without `key:` has no key to bind an unnamed one to; its parse says so.
    if (id === undefined) continue;
    // A key given for an id this profile does not name is left out (several profiles share one command line).
    if (id !== signingId && id !== encryptId) continue;
    const signing = id === signingId;
    const alg = (signing ? first.profile.alg : first.profile.encrypt?.alg) as KeyAlg | undefined;
    try {
      const loaded = await loadKey(spec, { ...(alg ? { alg } : {}), ...(options.kid !== undefined && signing ? { kid: options.kid } : {}), ...(signing && headerKid !== undefined ? { fallbackKid: headerKid } : {}), ...(signing ? {} : { use: 'enc' as const }) });
      const picked = pickKey(loaded, id, signing ? options.kid ?? headerKid : undefined, signing);
      keys.set(id, picked.key);
      sources.set(id, loaded);
      infos.push(infoFor(id, picked.key, picked.kidGiven));
      for (const warning of loaded.warnings) warnings.push(`${loaded.label}: ${warning}`);
    } catch (error) {
      if (!(options.onKeyError && error instanceof CliError)) throw error;
      options.onKeyError(id, error);
    }
  }
  const parse = parseProfile(text, { ...context, keys: infos });
  // An id no --key was given for is a name, not judged (as with no --key at all): one command line may hold the keys
  // of some profiles only. The core speaks of the editor's key ring; here a key given but not usable is reported.
  const givenIds = new Set(specs.map((s) => s.id ?? signingId));
  parse.diagnostics = parse.diagnostics.filter((d) => {
    if (d.code !== 'KEY_UNKNOWN') return true;
    const id = /^No key '(.*?)' in the key ring\./s.exec(d.message)?.[1];
    if (id === undefined || !givenIds.has(id)) return false;
    d.message = `No key '${id}' was given: pass it as --key ${id}=FILE.`;
    return true;
  });
  return { path: shown, text, parse, keys, sources, warnings };
}
