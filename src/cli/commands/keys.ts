// `jwt-studio keys generate` and `jwt-studio keys public`: a new key written
// to a file with mode 0600 (never over an existing one), and the public half
// of a key as PEM, JWK or JWK Set. A private key or secret never reaches
// stdout or stderr.

import { lstatSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportPublicKey } from '../../core/keys/keys';
import { describeNeededKey, isKeyAlg, orList } from '../../core/jose/algorithms';
import { refusedAlg, publicOnlyWarning } from '../../core/keys/algFit';
import { kidProblem } from '../../core/keys/names';
import { JWE_KEY_ALGS, JWS_ALGS } from '../../core/base/types';
import type { KeyAlg, KeyMaterial } from '../../core/base/types';
import { CliError, EXIT, usage, type ExitCode } from '../errors';
import { flag, parseCommandArgs, stringOption } from '../args';
import type { CommandIo } from '../main';
import { writeNewFile } from '../io';
import { loadKey, parseKeySpecs } from '../keySource';
import { terminalSafe } from '../terminal';
import { generateKeyFile, type GeneratedKey } from '../keyGenerate';

/** `--alg` as a key algorithm; `none` and RSA1_5 are refused with the reason, anything else unknown lists the choices. */
function algOption(command: string, value: string | undefined): KeyAlg | undefined {
  if (value === undefined) return undefined;
  const refused = refusedAlg(value);
  if (refused) throw usage(command, refused.error.message.replace(/\.$/, ''));
  if (!isKeyAlg(value)) {
    throw usage(command, `--alg "${value.slice(0, 32)}" is not an algorithm a key is made for; choose one of ${JWS_ALGS.join(' ')} (signing) or ${JWE_KEY_ALGS.join(' ')} (encryption)`);
  }
  return value;
}


function kidOption(command: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const problem = kidProblem(value, '--kid');
  if (problem) throw usage(command, problem.replace(/\.$/, ''));
  return value;
}

/** Fails before the (possibly slow) generation when `out` cannot take a new file; writeNewFile still refuses an existing file itself. */
function checkOut(out: string): void {
  if (out === '-') throw usage('keys generate', '--out - would print the private key; give a file to write it to');
  if (out.endsWith('/')) throw usage('keys generate', `--out ${out} is a folder; give the file to write, such as ${out}key.pem`);
  let exists = true;
  try {
    lstatSync(out);
  } catch {
    exists = false;
  }
  if (exists) throw new CliError(`${out} already exists and was left as it is; choose another file or remove it first`, EXIT.usage);
  const folder = dirname(out);
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    throw new CliError(`${folder}: no such folder; create it first (mkdir -p ${folder}) or choose another --out`, EXIT.usage);
  }
  if (!isFolder) throw new CliError(`${folder} is not a folder; choose another --out`, EXIT.usage);
}

function describeFile(out: string, generated: GeneratedKey): string {
  if (generated.form === 'jwk') return `${out} (${generated.key.kty === 'oct' ? 'the shared secret' : 'the private key'} as a JWK, mode 0600)`;
  if (generated.form === 'pem') return `${out} (the private key as PKCS#8 PEM, mode 0600)`;
  return `${out} (the shared secret as text, mode 0600)`;
}

export async function runKeysGenerate(io: CommandIo): Promise<ExitCode> {
  const command = 'keys generate';
  const parsed = parseCommandArgs(
    command,
    io.argv,
    { alg: { type: 'string' }, kid: { type: 'string' }, size: { type: 'string' }, crv: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
    { min: 0, max: 0 },
  );
  const alg = algOption(command, stringOption(parsed, 'alg'));
  if (alg === undefined) throw usage(command, '--alg is missing: say which algorithm the key is for (RS256, ES256, EdDSA, HS256, RSA-OAEP-256…)');
  const out = stringOption(parsed, 'out');
  if (out === undefined || out === '') throw usage(command, '--out FILE is missing: say where the private key or secret is written');
  const kid = kidOption(command, stringOption(parsed, 'kid'));
  const size = stringOption(parsed, 'size');
  const crv = stringOption(parsed, 'crv');
  checkOut(out);

  const generated = await generateKeyFile({ alg, jwk: out.toLowerCase().endsWith('.json'), ...(kid !== undefined ? { kid } : {}), ...(size !== undefined ? { size } : {}), ...(crv !== undefined ? { crv } : {}) });
  writeNewFile(out, generated.fileText, 0o600);

  const key = generated.key;
  // A secret written as text keeps no kid: the random one importKey gave it exists only in this process.
  const shownKid = generated.form === 'text' && kid === undefined ? null : key.kid;
  const publicKey = key.kty === 'oct' ? undefined : await publicPem(key);
  if (flag(parsed, 'json')) {
    const json = { kid: shownKid, alg: key.alg, file: out, format: generated.form, ...(publicKey !== undefined ? { publicKey } : {}) };
    await io.out.write(`${terminalSafe(JSON.stringify(json, null, 2))}\n`);
    return EXIT.ok;
  }
  const lines = [`kid: ${shownKid ?? 'none'}`, `alg: ${key.alg}`, `file: ${describeFile(out, generated)}`, ...generated.notes.map((n) => `note: ${n}`)];
  if (publicKey === undefined) {
    lines.push(`A shared secret has no public half: share it only over a secure channel (a secret manager, never e-mail, chat or a repository); anyone who holds it can ${key.use === 'sig' ? 'make tokens that verify' : 'read and make tokens encrypted'} with it.`);
  } else {
    lines.push(`The public key (SPKI PEM), for ${key.use === 'sig' ? "the vendor's settings or a verifier" : 'whoever encrypts to you'}:`, publicKey.trimEnd());
  }
  await io.out.write(`${terminalSafe(lines.join('\n'))}\n`);
  return EXIT.ok;
}

async function publicPem(key: KeyMaterial): Promise<string> {
  const exported = await exportPublicKey(key, 'pem');
  if (!exported.ok) throw new Error('the public key of the new key could not be exported');
  return exported.text;
}

const FORMATS = ['pem', 'jwk', 'jwks'] as const;

export async function runKeysPublic(io: CommandIo): Promise<ExitCode> {
  const command = 'keys public';
  const parsed = parseCommandArgs(command, io.argv, { format: { type: 'string' }, kid: { type: 'string' }, alg: { type: 'string' } }, { min: 1, max: 1 });
  const format = stringOption(parsed, 'format') ?? 'pem';
  if (!(FORMATS as readonly string[]).includes(format)) throw usage(command, `--format is pem, jwk or jwks, not "${format.slice(0, 20)}"`);
  const alg = algOption(command, stringOption(parsed, 'alg'));
  const kid = kidOption(command, stringOption(parsed, 'kid'));
  const source = parsed.positionals[0] as string;
  const [spec] = parseKeySpecs([source], command);
  // No profile here, so "ID=FILE" means nothing: a name with "=" is a file name.
  const loaded = await loadKey(spec?.id === undefined && spec ? spec : { source }, { ...(alg ? { alg } : {}), ...(kid !== undefined ? { kid } : {}) });
  const misfit = alg === undefined ? undefined : loaded.keys.find((k) => k.alg !== alg);
  if (alg !== undefined && misfit) {
    throw new CliError(`${loaded.label}: ${alg} needs ${describeNeededKey(alg)}, and this key is for ${orList(loaded.keys.map((k) => k.alg).filter((a, i, all) => all.indexOf(a) === i))}; leave --alg out or give a key for ${alg}`, EXIT.usage);
  }
  const exported = await exportPublicKey(loaded.keys, format as (typeof FORMATS)[number]);
  if (!exported.ok) {
    // A secret without a kid of its own got a random one on reading: naming it would only puzzle.
    const secret = loaded.keys.findIndex((k) => k.kty === 'oct');
    const message = secret >= 0 && !loaded.kidGiven[secret] ? exported.error.message.replace(/^Key '[^']*' is /, 'It is ') : exported.error.message;
    throw new CliError(`${loaded.label}: ${message}`, EXIT.usage);
  }
  // That the source held only a public key is what this command expects: not worth a word.
  for (const warning of loaded.warnings) if (!loaded.keys.some((k) => warning === publicOnlyWarning(k.alg))) io.warn(`${loaded.label}: ${warning}`);
  await io.out.write(terminalSafe(exported.text));
  return EXIT.ok;
}
