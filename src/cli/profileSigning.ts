// What `sign`, `url` and `mint` share: a profile read with the keys given for
// it and held to the rules the editor's Sign Token applies (src/profiles/
// signing.ts): no error in the profile, a known preset, the signing key given,
// with its private half, fitting the preset; then one token signed by the core,
// and encrypted when the profile says `encrypt`.

import { buildTokenRequest, type TokenRequest } from '../core/profiles/tokenRequest';
import { keyFitsPreset } from '../core/profiles/keyFit';
import { signToken } from '../core/jose/sign';
import type { SignedToken } from '../core/jose/sign';
import { encryptToken } from '../core/jose/jwe';
import type { JweEnc, KeyMaterial } from '../core/base/types';
import type { Preset } from '../core/profiles/presets';
import type { Profile } from '../core/profiles/profileTypes';
import { stringList, stringOption, type OptionSpecs, type Parsed } from './args';
import { CliError, EXIT, usage } from './errors';
import { parseKeySpecs } from './keySource';
import { randomKidWarning } from '../core/keys/material';
import { loadProfile, type LoadedProfile } from './profileLoad';
import { LineMap, oneLine } from './checkReport';
import { openWorkspace, presetOrigin, type Workspace } from './workspace';

/** The options every signing command takes. */
export const SIGNING_OPTIONS: OptionSpecs = {
  key: { type: 'string', multiple: true },
  kid: { type: 'string' },
  workspace: { type: 'string' },
};

export interface SigningSetup {
  /** The profile's path as shown in messages. */
  path: string;
  loaded: LoadedProfile;
  workspace: Workspace;
  profile: Profile;
  preset: Preset;
  /** The signing key, with its private half. */
  key: KeyMaterial;
  /** The recipient's key and content encryption, when the profile says `encrypt`. */
  recipient?: { key: KeyMaterial; enc: JweEnc; label: string };
  /** Where the signing key came from, for messages. */
  keyLabel: string;
  /** The signing key's kid was made up for this run (a shared secret given without one). */
  kidMadeUp: boolean;
  /** A warning to stderr, each said once per run. */
  warn: (line: string) => void;
}

export interface SignedProfile {
  /** What to hand out: the JWS, or the JWE around it. */
  token: string;
  signed: SignedToken;
  encrypted: boolean;
}

/** A path as it can be pasted after a command: quoted when it holds anything but plain path characters. */
export function shellWord(path: string): string {
  return /^[A-Za-z0-9._/@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** Refuses a profile with errors (exit 1): the first one with its line, and how many there are. */
export function refuseProfileErrors(loaded: LoadedProfile): void {
  const { path } = loaded;
  const errors = loaded.parse.diagnostics.filter((d) => d.severity === 'error');
  if (!errors[0]) return;
  // The line as `check` and the editor count it (CR, LF and CRLF all end a line).
  const line = new LineMap(loaded.text).position(errors[0].start).line + 1;
  const count = `${errors.length} problem${errors.length === 1 ? '' : 's'} to fix`;
  throw new CliError(`${path}:${line}: ${oneLine(errors[0].message)} (${count}; run "jwt-studio check ${shellWord(path)}" for all)`, EXIT.invalid);
}

/** Reads the profile and its keys and refuses, with what to do, anything the editor would refuse to sign. */
export async function setUpSigning(command: string, parsed: Parsed, warnLine: (line: string) => void): Promise<SigningSetup> {
  const specs = parseKeySpecs(stringList(parsed, 'key'), command);
  const workspace = openWorkspace(stringOption(parsed, 'workspace'));
  const kid = stringOption(parsed, 'kid');
  const loaded = await loadProfile(parsed.positionals[0] as string, workspace, specs, kid === undefined ? {} : { kid });
  const { path, parse } = loaded;
  const { profile } = parse;
  const named = [profile.key, profile.encrypt?.key].filter((id): id is string => id !== undefined);
  for (const spec of specs) {
    if (spec.id !== undefined && !named.includes(spec.id)) {
      throw usage(command, `--key ${spec.id}=…: ${path} names no key '${spec.id}' (its keys: ${named.map((id) => `'${id}'`).join(', ') || 'none'})`);
    }
  }
  // The profile's own problems first, as the editor's Sign Token says them: a profile that does not parse names no key.
  refuseProfileErrors(loaded);
  if (profile.key === undefined) throw new CliError(`${path} names no key; add "key: <id>" to it (any name: the key itself comes from --key)`, EXIT.invalid);
  const key = loaded.keys.get(profile.key);
  if (!key) throw usage(command, `${path} is signed with key '${profile.key}', which was not given; pass --key FILE (or --key env:NAME)`);
  const keyLabel = loaded.sources.get(profile.key)?.label ?? profile.key;
  if (!key.privateJwk) throw new CliError(`${keyLabel} can only verify (it holds no private key or secret); pass the private key or secret of '${profile.key}' to sign`, EXIT.usage);
  const encrypt = profile.encrypt;
  const recipientKey = encrypt ? loaded.keys.get(encrypt.key) : undefined;
  if (encrypt && !recipientKey) throw usage(command, `${path} encrypts to key '${encrypt.key}', which was not given; pass --key ${encrypt.key}=FILE (the recipient's public key)`);

  const preset = parse.preset;
  if (!preset) throw new CliError(`${path} names no known preset; add "preset: <id>" (built in: ${workspace.presets.map((p) => p.id).join(', ')})`, EXIT.invalid);
  // The rules (lifetime, claims, embed address) then come from a file in the repository: say so ("url" also names the host).
  if (command !== 'url' && workspace.replacedBuiltins.has(preset.id)) warnLine(`warning: ${presetOrigin(workspace, preset.id) ?? ''}`);
  const fit = keyFitsPreset({ id: profile.key, alg: key.alg, use: key.use }, preset, profile.alg);
  if (!fit.ok) throw new CliError(`${keyLabel}: ${fit.message}`, EXIT.invalid);
  const said = new Set<string>();
  const warn = (line: string): void => {
    if (said.has(line)) return;
    said.add(line);
    warnLine(`warning: ${oneLine(line)}`);
  };
  // The signing key's warnings (the recipient's speak of decrypting, which is not done here). A shared secret without
  // a kid gets a random one for this run: worth saying only when a token carries it (signProfileOnce).
  const keyWarnings = loaded.sources.get(profile.key)?.warnings ?? [];
  const madeUpKid = randomKidWarning(key.kid);
  for (const warning of keyWarnings) if (warning !== madeUpKid) warn(`${keyLabel}: ${warning}`);
  const setup: SigningSetup = { path, loaded, workspace, profile, preset, key, keyLabel, kidMadeUp: keyWarnings.includes(madeUpKid), warn };
  if (encrypt && recipientKey) setup.recipient = { key: recipientKey, enc: encrypt.enc ?? 'A256GCM', label: loaded.sources.get(encrypt.key)?.label ?? encrypt.key };
  return setup;
}

/** The core's request for a token made at `now`, or the reason there is none. */
function tokenRequestAt(setup: SigningSetup, now: number, randomId?: () => string): TokenRequest {
  const request = buildTokenRequest(setup.profile, setup.preset, now, randomId);
  if (!request.ok) throw new CliError(`${setup.path}: ${oneLine(request.error.message)}`, EXIT.invalid);
  return request;
}

/** One token from the profile, signed (and encrypted) by the core exactly as the editor signs it. */
export async function signProfileOnce(setup: SigningSetup, now: number = Date.now(), randomId?: () => string): Promise<SignedProfile> {
  const request = tokenRequestAt(setup, now, randomId);
  const signed = await signToken({ key: setup.key, ...request.sign });
  if (!signed.ok) throw new CliError(`${setup.path}: ${oneLine(signed.error.message)}`, EXIT.invalid);
  for (const warning of signed.warnings) setup.warn(warning);
  if (setup.kidMadeUp && signed.header.kid === setup.key.kid) {
    setup.warn(`the token's kid '${setup.key.kid}' is a random one made up for this run (${setup.keyLabel} holds a secret without a kid); pass --kid KID or set header.kid in ${setup.path}`);
  }
  if (!setup.recipient) return { token: signed.token, signed, encrypted: false };
  const { key, enc } = setup.recipient;
  // A PBES2 key is chosen as such when it is made or imported (an opt-in with its iteration count), as in the editor.
  const encrypted = await encryptToken({ key, enc, plaintext: signed.token, allowPbes2: key.alg.startsWith('PBES2-') });
  if (!encrypted.ok) throw new CliError(`${setup.recipient.label}: ${oneLine(encrypted.error.message)}`, EXIT.invalid);
  return { token: encrypted.token, signed, encrypted: true };
}
