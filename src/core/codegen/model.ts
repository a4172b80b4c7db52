// The language-neutral model of a profile's integration code: what every
// generator renders. It is read off the core's own token request
// (buildTokenRequest, asked twice at two different times so what changes is
// what is generated at run time), so the code signs exactly what Sign Token
// signs: the same header, the same claims, the same embed URL.

import { JWE_KEY_ALGS, type JweEnc, type JweKeyAlg, type JwsAlg, type Result } from '../base/types';
import { fail } from '../base/result';
import { isPlainObject } from '../base/guards';
import type { Preset } from '../profiles/presets';
import type { Profile } from '../profiles/profileTypes';
import { buildTokenRequest } from '../profiles/tokenRequest';
import { kidProblem } from '../keys/names';
import { embedModel, type EmbedModel } from './modelEmbed';
import { hasLoneSurrogate, LONE_SURROGATE } from './literals';
import { recipientKeyKind, signingKeyKind, type RecipientKeyKind, type SigningKeyKind } from './support';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [name: string]: JsonValue };

/** A claim or header member: a value written into the code, or one of the function's parameters. */
export type ValueSource = { kind: 'fixed'; value: JsonValue } | { kind: 'param'; param: number };

/** A claim that comes from the signed-in user: a parameter of the function, with the profile's value as the example's argument. */
export interface CodeParam {
  claim: string;
  /** Identifier words (`['external', 'user', 'id']`), from JWT Studio's own table, never from the profile. */
  words: readonly string[];
  example: string | number;
}

export interface CodeKey {
  /** The profile's key id (for comments and the default variable name). */
  id: string;
  /** The environment variable holding the key, and the one holding a path to a file with it. */
  env: string;
  fileEnv: string;
}

export interface CodeModel {
  preset: { id: string; name: string; docs?: string };
  alg: JwsAlg;
  key: CodeKey & { kind: SigningKeyKind };
  /** typ, or undefined to leave it out. */
  typ?: string;
  kid?: string;
  /** Other header members, in order (a preset's fixed or copied members, the profile's own). */
  header: Array<{ name: string; value: ValueSource }>;
  claims: Array<{ name: string; value: ValueSource }>;
  params: CodeParam[];
  /** Registered claims computed at run time: iat / nbf = now, exp = now + ttl, jti = a random UUID. */
  times: { iat: boolean; nbf: boolean; exp: boolean; jti: boolean; ttlSeconds: number };
  encrypt?: { alg: JweKeyAlg; enc: JweEnc; kid?: string; key: CodeKey & { kind: RecipientKeyKind } };
  embed?: EmbedModel;
  /** What the code leaves out that the profile could have given (said with the generator's notes). */
  notes: string[];
}

/** What is known of the keys: never the key itself. */
export interface CodeKeyFacts {
  /** The signing key's kid as `sign` puts it in (a JWK's own, --kid, the ring key's); leave out a kid made up for one run. */
  kid?: string;
  /** The recipient key's alg and kid, when the profile encrypts and the key is known. */
  recipient?: { alg?: string; kid?: string };
}

export interface CodeModelOptions {
  /** The signing key's environment variable; default JWT_STUDIO_KEY_<KEY ID>. */
  keyEnv?: string;
}

/** Claims that name the signed-in user: each becomes a parameter. Words are the parameter's name. */
const USER_CLAIMS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['sub', ['subject']],
  ['email', ['email']],
  ['name', ['name']],
  ['given_name', ['given', 'name']],
  ['family_name', ['family', 'name']],
  ['first_name', ['first', 'name']],
  ['last_name', ['last', 'name']],
  ['firstName', ['first', 'name']],
  ['lastName', ['last', 'name']],
  ['displayName', ['display', 'name']],
  ['preferred_username', ['username']],
  ['username', ['username']],
  ['externalUserId', ['external', 'user', 'id']],
  ['external_id', ['external', 'id']],
  ['userId', ['user', 'id']],
  ['user_id', ['user', 'id']],
  ['id', ['user', 'id']],
];

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** JWT_STUDIO_KEY_ and the key id in capitals, every other character an underscore: ap-prod → JWT_STUDIO_KEY_AP_PROD. */
export function defaultKeyEnv(keyId: string): string {
  let word = '';
  for (const ch of keyId.slice(0, 64)) word += /[A-Za-z0-9]/.test(ch) ? ch.toUpperCase() : '_';
  word = word.replace(/_+/g, '_').replace(/^_|_$/g, '');
  return word ? `JWT_STUDIO_KEY_${word}` : 'JWT_STUDIO_KEY';
}

/** Why a name cannot be an environment variable name, or undefined. */
export function envNameProblem(name: string): string | undefined {
  return ENV_NAME.test(name) ? undefined : `"${name.slice(0, 40)}" is not an environment variable name: use letters, digits and _, not starting with a digit (at most 128)`;
}

/** The model of a profile's integration code, or why there is none; never throws. */
export function buildCodeModel(profile: Profile, preset: Preset, facts: CodeKeyFacts = {}, options: CodeModelOptions = {}): Result<{ model: CodeModel }> {
  try {
    return buildUnchecked(profile, preset, facts, options);
  } catch {
    return fail('INTERNAL', 'The integration code could not be made from this profile; check it (Check Profile in the editor, jwt-studio check on the command line).');
  }
}

const T0 = 1_000_000_000_000;
const T1 = 1_500_000_000_000;

function buildUnchecked(profile: Profile, preset: Preset, facts: CodeKeyFacts, options: CodeModelOptions): Result<{ model: CodeModel }> {
  const first = buildTokenRequest(profile, preset, T0, () => 'jti-0');
  if (!first.ok) return first;
  const second = buildTokenRequest(profile, preset, T1, () => 'jti-1');
  if (!second.ok) return second;
  const alg = profile.alg ?? preset.alg.default;
  const keyEnv = options.keyEnv ?? defaultKeyEnv(first.keyId);
  const envProblem = envNameProblem(keyEnv);
  if (envProblem) return fail('CLAIMS_INVALID', envProblem);

  const a = first.sign.claims as Record<string, unknown>;
  const b = second.sign.claims as Record<string, unknown>;
  const times = { iat: a.iat !== b.iat, nbf: a.nbf !== b.nbf, exp: a.exp !== b.exp, jti: a.jti !== b.jti, ttlSeconds: profile.ttlSeconds ?? 0 };
  if (times.exp) times.ttlSeconds = (a.exp as number) - Math.floor(T0 / 1000);
  const params: CodeParam[] = [];
  const claims: CodeModel['claims'] = [];
  for (const name of Object.keys(a)) {
    if ((times as Record<string, unknown>)[name] === true) continue;
    if (hasLoneSurrogate(name) || name === '__proto__') return fail('CLAIMS_INVALID', 'A claim named "__proto__", or with half of a UTF-16 surrogate pair in its name, cannot be written as code: rename it.');
    const value = jsonValue(a[name], `Claim "${name}"`);
    if (!value.ok) return value;
    const user = USER_CLAIMS.find(([claim]) => claim === name);
    if (user && (typeof value.value === 'string' || (typeof value.value === 'number' && Number.isSafeInteger(value.value))) && !params.some((p) => p.words.join() === user[1].join())) {
      params.push({ claim: name, words: user[1], example: value.value });
      claims.push({ name, value: { kind: 'param', param: params.length - 1 } });
    } else claims.push({ name, value: { kind: 'fixed', value: value.value } });
  }

  const header: CodeModel['header'] = [];
  const templateHeader = first.sign.header ?? {};
  for (const name of Object.keys(templateHeader)) {
    if (name === 'kid' || name === 'alg') continue;
    if (name === 'crit' || name === 'b64') return fail('HEADER_REFUSED', `"${name}" is refused in JWT headers: b64/crit change how the payload is read, and verifiers that ignore them see different claims.`);
    const copied = preset.header?.members?.[name]?.fromClaim;
    const param = copied !== undefined && !Object.hasOwn(profile.header, name) ? claims.find((c) => c.name === copied && c.value.kind === 'param') : undefined;
    if (param) {
      header.push({ name, value: param.value });
      continue;
    }
    const value = jsonValue(templateHeader[name], `Header member "${name}"`);
    if (!value.ok) return value;
    header.push({ name, value: { kind: 'fixed', value: value.value } });
  }
  const kid = kidFor(templateHeader.kid, first.sign.includeKid === true, facts, preset);
  if (!kid.ok) return kid;

  const model: CodeModel = {
    preset: { id: preset.id, name: preset.name, ...(preset.docs ? { docs: preset.docs } : {}) },
    alg,
    key: { id: first.keyId, env: keyEnv, fileEnv: `${keyEnv}_FILE`, kind: signingKeyKind(alg) },
    header,
    claims,
    params,
    times,
    notes: [],
  };
  if (typeof first.sign.typ === 'string') model.typ = first.sign.typ;
  if (kid.kid !== undefined) model.kid = kid.kid;
  if (profile.encrypt) {
    const encrypt = encryptModel(profile.encrypt, facts.recipient);
    if (!encrypt.ok) return encrypt;
    model.encrypt = encrypt.encrypt;
    const signing = [model.key.env, model.key.fileEnv];
    const clash = [encrypt.encrypt.key.env, encrypt.encrypt.key.fileEnv].find((name) => signing.includes(name));
    if (clash !== undefined) return fail('CLAIMS_INVALID', `The signing key '${first.keyId}' and the recipient's key '${profile.encrypt.key}' would both be read from ${clash}: name the signing key's variable yourself (--key-env NAME on the command line), or give one of the keys another id.`);
  }
  if (preset.embed) {
    const embed = embedModel(preset, profile.embed);
    if (!embed.ok) return embed;
    if (embed.embed) model.embed = embed.embed;
    if (embed.note) model.notes.push(embed.note);
  }
  return { ok: true, model };
}

/** The kid as `sign` puts it in: the profile's header.kid, else (for a preset that requires one) the key's. */
function kidFor(templateKid: unknown, required: boolean, facts: CodeKeyFacts, preset: Preset): Result<{ kid?: string }> {
  const kid = typeof templateKid === 'string' ? templateKid : required ? facts.kid : undefined;
  if (kid === undefined) {
    if (!required) return { ok: true };
    return fail('HEADER_REFUSED', `${preset.name} needs a kid in the header${preset.header?.kidGuidance ? ` (${preset.header.kidGuidance})` : ''}: give the key (its JWK's kid) or set header.kid in the profile.`);
  }
  const problem = kidProblem(kid, 'The kid');
  return problem ? fail('HEADER_REFUSED', problem) : { ok: true, kid };
}

function encryptModel(encrypt: NonNullable<Profile['encrypt']>, recipient: CodeKeyFacts['recipient']): Result<{ encrypt: NonNullable<CodeModel['encrypt']> }> {
  const alg = encrypt.alg ?? (recipient?.alg as JweKeyAlg | undefined);
  if (alg === undefined) return fail('KEY_ALG_MISMATCH', `The profile encrypts to '${encrypt.key}' but says no encrypt.alg: set it (e.g. RSA-OAEP-256), or give the recipient's key.`);
  if (!(JWE_KEY_ALGS as readonly string[]).includes(alg)) return fail('KEY_ALG_MISMATCH', `The recipient's key '${encrypt.key}' is for ${alg}, not for encryption: set encrypt.alg, or give the recipient's encryption key.`);
  const env = defaultKeyEnv(encrypt.key);
  const out: NonNullable<CodeModel['encrypt']> = { alg, enc: encrypt.enc ?? 'A256GCM', key: { id: encrypt.key, env, fileEnv: `${env}_FILE`, kind: recipientKeyKind(alg) } };
  if (recipient?.kid !== undefined && kidProblem(recipient.kid, 'kid') === undefined) out.kid = recipient.kid;
  return { ok: true, encrypt: out };
}

/** A copy of a claim or header value as plain JSON: finite numbers, text without lone surrogates, no prototypes. */
function jsonValue(value: unknown, what: string, depth = 0): Result<{ value: JsonValue }> {
  if (depth > 64) return fail('CLAIMS_INVALID', `${what} is nested too deeply.`);
  if (value === null || typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value } : fail('CLAIMS_INVALID', `${what} holds a number JSON cannot write (${String(value)}).`);
  if (typeof value === 'string') return hasLoneSurrogate(value) ? fail('CLAIMS_INVALID', `${what} ${LONE_SURROGATE}`) : { ok: true, value };
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (const item of value) {
      const v = jsonValue(item, what, depth + 1);
      if (!v.ok) return v;
      out.push(v.value);
    }
    return { ok: true, value: out };
  }
  if (isPlainObject(value) || (typeof value === 'object' && Object.getPrototypeOf(value) === null)) {
    const out = Object.create(null) as { [name: string]: JsonValue };
    for (const name of Object.keys(value as object)) {
      if (name === '__proto__') return fail('CLAIMS_INVALID', `${what} has a member named "__proto__", which code that builds objects from it would read as their prototype; rename it.`);
      if (hasLoneSurrogate(name)) return fail('CLAIMS_INVALID', `${what} has a member name with half of a UTF-16 surrogate pair; rename it.`);
      const v = jsonValue((value as Record<string, unknown>)[name], what, depth + 1);
      if (!v.ok) return v;
      out[name] = v.value;
    }
    return { ok: true, value: out };
  }
  return fail('CLAIMS_INVALID', `${what} is not a JSON value.`);
}

/** A JSON object (not an array, not null). */
export function isObject(value: JsonValue): value is { [name: string]: JsonValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
