// Keys on the command line come from files (PEM, JWK, JWK Set or a shared
// secret) or environment variables, never from an argument: arguments end up
// in shell history and in every process listing.
//
// `--key FILE`, `--key env:NAME`, and `--key ID=FILE` / `--key ID=env:NAME` to
// say which of a profile's keys (`key:`, `encrypt.key`) it is.

import { importKey } from '../core/keys/keys';
import type { ImportKeyOptions } from '../core/keys/api';
import type { KeyAlg, KeyMaterial } from '../core/base/types';
import { kidProblem } from '../core/keys/names';
import { inferAlg } from '../core/jose/algorithms';
import { existsSync } from 'node:fs';
import { CliError, EXIT } from './errors';
import { readEnv, readTextFile } from './io';

export interface KeySpec {
  /** The profile key id it stands for (`ID=…`), when given. */
  id?: string;
  /** `env:NAME` or a file path, as typed. */
  source: string;
}

export interface LoadedKey {
  spec: KeySpec;
  /** Every key the source holds (a JWK Set may hold several). */
  keys: KeyMaterial[];
  /** One kid per key: it came with the key (a JWK's own) or was given (`--kid`). */
  kidGiven: boolean[];
  /** What the source turned out to be, for messages: "keys/acme.pem (RSA private key)". */
  label: string;
  warnings: string[];
}

const ID_SEPARATOR = '=';
/** A profile's key id as people write them: `ap-prod`, `metabase.embedding`, `partner_enc_2026`. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Splits `--key` values into specs; a value that looks like key text itself is refused (it would be in shell history). */
export function parseKeySpecs(values: readonly string[], command: string): KeySpec[] {
  return values.map((value) => {
    if (/-----BEGIN|^\s*[{[]/.test(value) || value.startsWith('eyJ')) {
      throw new CliError(`--key takes a file or env:NAME, not the key itself (keys in arguments end up in shell history); save the key to a file with mode 0600, or export it as an environment variable (see "jwt-studio ${command} --help")`, EXIT.usage);
    }
    const at = value.indexOf(ID_SEPARATOR);
    // "ID=FILE" when what is before '=' reads as a key id and something follows; otherwise the whole value is a path
    // (a file name may hold '=', and so may a base64 secret typed by mistake, which is then never printed back).
    const id = value.slice(0, at);
    const source = value.slice(at + 1);
    if (at > 0 && ID_PATTERN.test(id) && source !== '' && !source.startsWith(ID_SEPARATOR) && !value.startsWith('env:')) return { id, source };
    if (value === '') throw new CliError(`--key needs a file or env:NAME (see "jwt-studio ${command} --help")`, EXIT.usage);
    return { source: value };
  });
}

/** The text of a key source (importKey trims the whitespace around it, such as the newline `echo` writes). */
export function keyText(spec: KeySpec): string {
  if (spec.source.startsWith('env:')) return readEnv(spec.source.slice(4));
  if (!existsSync(spec.source) && !looksLikeFileName(spec.source)) {
    // Someone may have typed the secret itself: do not print it back.
    throw new CliError('a --key value is not a file (it is not shown here, in case it is a secret); give the path of a key file, or env:NAME', EXIT.usage);
  }
  return readTextFile(spec.source, 1024 * 1024);
}

/**
 * A value a person would type as a key file: it ends in a file extension (`.pem`, `.json`, `.key`). Base64, base64url
 * and hex secrets have no dot, so a mistyped secret is not printed back in "no such file".
 */
function looksLikeFileName(value: string): boolean {
  return /\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(value) && value.length <= 4096;
}

function sourceLabel(spec: KeySpec): string {
  return spec.source.startsWith('env:') ? `environment variable ${spec.source.slice(4)}` : spec.source;
}

export interface LoadKeyOptions {
  /** The algorithm a key without one of its own is for (a shared secret, a PEM that fits several). */
  alg?: KeyAlg;
  /** `--kid`: the kid of a key that comes without one. */
  kid?: string;
  /** The profile's `header.kid`: the kid when neither the key nor `--kid` gives one. */
  fallbackKid?: string;
  /** 'enc' for a profile's `encrypt.key`: a key without an alg of its own is read for encryption (RSA-OAEP-256, ECDH-ES), not signing. */
  use?: 'enc';
}

/** Reads and imports one key source; a CliError (exit 2) that names the source when it is not a usable key. */
export async function loadKey(spec: KeySpec, options: LoadKeyOptions = {}): Promise<LoadedKey> {
  // One read and import per source and options in a run: `check` over many profiles reads each key once, and a
  // secret without a kid keeps the one random kid it got.
  const cacheKey = JSON.stringify([spec.source, options.alg, options.kid, options.fallbackKid, options.use]);
  let loading = loaded.get(cacheKey);
  if (!loading) {
    loading = loadKeyUncached(spec, options);
    loaded.set(cacheKey, loading);
  }
  return { ...(await loading), spec };
}

const loaded = new Map<string, Promise<LoadedKey>>();

async function loadKeyUncached(spec: KeySpec, options: LoadKeyOptions): Promise<LoadedKey> {
  const text = keyText(spec);
  const label = sourceLabel(spec);
  for (const [name, kid] of [['--kid', options.kid], ['header.kid', options.fallbackKid]] as const) {
    if (kid === undefined) continue;
    const problem = kidProblem(kid, name);
    if (problem) throw new CliError(`${label}: ${problem}`, EXIT.usage);
  }
  const importOptions: ImportKeyOptions = {};
  if (options.alg) importOptions.alg = options.alg;
  let imported = await importKey(text, importOptions);
  // A key that does not fit the wanted algorithm is still a key: read it as it is, and let the caller say why it does not fit.
  if (!imported.ok && options.alg && imported.error.code !== 'KEY_UNRECOGNISED') {
    const plain = await importKey(text, {});
    if (plain.ok) imported = plain;
  }
  if (!imported.ok) throw new CliError(`${label}: ${imported.error.message}`, EXIT.usage);
  const only = imported.keys[0];
  if (options.use === 'enc' && !options.alg && imported.keys.length === 1 && only && only.use !== 'enc' && only.kty !== 'oct') {
    const encAlg = inferAlg(only.kty, typeof only.publicJwk?.crv === 'string' ? only.publicJwk.crv : undefined, 'enc');
    const again = encAlg ? await importKey(text, { alg: encAlg }) : undefined;
    if (again?.ok) imported = again;
  }
  const kidGiven = imported.details.map((d) => d.kidGiven);
  const wanted = options.kid ?? options.fallbackKid;
  let keys = imported.keys;
  let warnings = imported.warnings;
  if (wanted !== undefined && keys.length === 1 && !kidGiven[0]) {
    const again = await importKey(text, { ...importOptions, alg: keys[0]!.alg, kid: wanted });
    if (again.ok) {
      keys = again.keys;
      kidGiven[0] = true;
      // The first import's warnings would speak of the random kid it made up, which is not the key's kid now.
      warnings = again.warnings;
    }
  }
  return { spec, keys, kidGiven, label, warnings };
}
