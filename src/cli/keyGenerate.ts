// `keys generate`: a new key for exactly one algorithm, as the text of the
// file it is written to (PKCS#8 PEM, a JWK, or a shared secret as text) and
// the core's KeyMaterial for it (its kid, its public half).
//
// Key pairs come from the core's generateKey, as the editor's Generate Key
// makes them (one algorithm, the RFC 7638 thumbprint as kid); a PEM file is
// the PKCS#8 export of a key node:crypto reads from the private JWK. Not
// generateKeyPairSync: on Node 20 its KeyObjects can hang the process when
// exported as a JWK (test/keyPairs.ts says why), and one path is one set of
// rules for sizes and curves.

import { createPrivateKey, randomBytes } from 'node:crypto';
import { exportPrivateJwk, generateKey, importKey } from '../core/keys/keys';
import type { GenerateKeySpec } from '../core/keys/keys';
import { bareJwk } from '../core/keys/material';
import { ALGORITHMS, inferAlg, orList, secretSizeProblem } from '../core/jose/algorithms';
import type { AlgorithmRow, Curve } from '../core/jose/algorithms';
import type { KeyAlg, KeyMaterial } from '../core/base/types';
import { usage } from './errors';

const COMMAND = 'keys generate';

export interface GenerateRequest {
  alg: KeyAlg;
  kid?: string;
  /** `--size` as typed: RSA modulus bits, or a shared secret's random bits. */
  size?: string;
  crv?: string;
  /** The file is a JWK (`.json`), else PEM or secret text. */
  jwk: boolean;
}

export interface GeneratedKey {
  key: KeyMaterial;
  /** What goes into the file. */
  fileText: string;
  form: 'pem' | 'jwk' | 'text';
  /** One line each, for the person: what the file holds and what it does not say. */
  notes: string[];
}

/** Letters and digits: random text that reads only as itself (no hex, base64 or base64url reading for the core to warn about). */
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BITS_PER_CHARACTER = Math.log2(SECRET_ALPHABET.length);
/** The largest multiple of the alphabet's size below 256: bytes at or above it are dropped, so every character is equally likely. */
const UNBIASED_BELOW = 256 - (256 % SECRET_ALPHABET.length);

/** `count` characters drawn uniformly from SECRET_ALPHABET. */
function randomText(count: number): string {
  let out = '';
  while (out.length < count) {
    for (const byte of randomBytes(count * 2)) {
      if (byte >= UNBIASED_BELOW) continue;
      out += SECRET_ALPHABET[byte % SECRET_ALPHABET.length];
      if (out.length === count) break;
    }
  }
  return out;
}

function parseBits(size: string): number {
  if (!/^[0-9]{1,5}$/.test(size)) throw usage(COMMAND, `--size takes a number of bits, not "${size.slice(0, 20)}"`);
  return Number(size);
}

/** Generates the key `request` asks for; a usage error (exit 2) for sizes and curves its algorithm does not take. */
export async function generateKeyFile(request: GenerateRequest): Promise<GeneratedKey> {
  const row = ALGORITHMS[request.alg];
  if (row.secret) return secretKey(request, row);
  if (request.crv !== undefined && (row.curves ?? []).length <= 1) {
    const why = row.curves?.length === 1 ? `always uses ${row.curves[0] as string}` : row.rsaBits ? 'uses an RSA key, which has no curve' : 'keys have no curve';
    throw usage(COMMAND, `--crv is for ECDH-ES keys; ${request.alg} ${why}`);
  }
  const shape = row.rsaBits ? rsaShape(request, row.rsaBits) : curveShape(request, row);
  const generated = await generateKey({ alg: request.alg, ...shape, ...(request.kid !== undefined ? { kid: request.kid } : {}) });
  // What the sizes and curves checked above leave: a runtime without the algorithm (ML-DSA on Node 20).
  if (!generated.ok) throw usage(COMMAND, generated.error.message.replace(/\.$/, ''));
  const key = generated.key;
  if (request.jwk) return { key, fileText: privateJwkText(key), form: 'jwk', notes: [] };
  const notes: string[] = [];
  if (request.kid !== undefined) notes.push(`a PEM file holds no kid: where the key is used, give --kid ${request.kid} (or the profile's header.kid), or write a .json JWK, which keeps it`);
  const inferred = inferAlg(key.kty, typeof key.publicJwk?.crv === 'string' ? key.publicJwk.crv : undefined, undefined);
  // An ML-DSA key's PKCS#8 names its parameter set, so it infers nothing here and needs no note.
  if (inferred !== undefined && inferred !== request.alg) notes.push(`a PEM file holds no algorithm: read on its own it is taken for ${String(inferred)}; a profile's alg (or --alg) makes it ${request.alg}`);
  return { key, fileText: pkcs8Pem(key), form: 'pem', notes };
}

function rsaShape(request: GenerateRequest, bits: NonNullable<AlgorithmRow['rsaBits']>): Pick<GenerateKeySpec, 'modulusLength'> {
  const modulusLength = request.size === undefined ? bits.default : parseBits(request.size);
  if (!bits.generated.includes(modulusLength)) throw usage(COMMAND, `RSA keys are generated with ${orList(bits.generated.map(String))} bits, not ${modulusLength}`);
  return { modulusLength: modulusLength as NonNullable<GenerateKeySpec['modulusLength']> };
}

/** The curve is passed on only where the algorithm leaves a choice (ECDH-ES*); the others fix it, and ML-DSA has none. */
function curveShape(request: GenerateRequest, row: AlgorithmRow): Pick<GenerateKeySpec, 'crv'> {
  const curves = row.curves ?? [];
  if (request.size !== undefined) throw usage(COMMAND, `--size is for RSA keys and shared secrets; ${curves.length > 0 ? 'the curve' : 'the algorithm'} fixes the size of ${request.alg} keys`);
  if (curves.length === 0) return {};
  const crv = (request.crv ?? (curves.length === 1 ? curves[0] : row.defaultCurve)) as Curve;
  if (!curves.includes(crv)) throw usage(COMMAND, `${request.alg} keys use ${orList(curves)}, not "${crv.slice(0, 20)}"`);
  return curves.length > 1 ? { crv: crv as NonNullable<GenerateKeySpec['crv']> } : {};
}

/** PKCS#8 PEM of the generated key: node:crypto reads the private JWK (an import, no generating job) and writes it out. */
function pkcs8Pem(key: KeyMaterial): string {
  if (!key.privateJwk) throw new Error('the generated key has no private half');
  return createPrivateKey({ key: bareJwk(key.privateJwk), format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }) as string;
}

function privateJwkText(key: KeyMaterial): string {
  const text = exportPrivateJwk(key);
  if (!text.ok) throw new Error('the generated key has no private half');
  return text.text;
}

/**
 * A shared secret: an oct JWK, or text. Text is read back (`--key FILE`) as the UTF-8 bytes of the
 * trimmed text, so it is random letters and digits, as many as carry the secret's random bits (43 for
 * 256 bits): more bytes than the algorithm's minimum. An algorithm that takes a key of one exact size
 * (AES key wrap, dir) is written only as a JWK: as text, that many characters would hold fewer random bits.
 */
async function secretKey(request: GenerateRequest, row: AlgorithmRow): Promise<GeneratedKey> {
  const alg = request.alg;
  if (request.crv !== undefined) throw usage(COMMAND, `--crv is for ECDH-ES keys; ${alg} uses a shared secret`);
  const bits = request.size === undefined ? (row.secret?.default ?? 32) * 8 : parseBits(request.size);
  if (bits % 8 !== 0 || bits < 8 || bits > 8192) throw usage(COMMAND, `--size for a shared secret is in bits, a multiple of 8 from 8 to 8192, not ${bits}`);
  const problem = secretSizeProblem(alg, bits / 8);
  if (problem) throw usage(COMMAND, `--size ${bits}: ${problem.message.replace(/ Generate a new secret, or ask the issuer for a longer one\.$/, '').replace(/\.$/, '')}`);
  const kid = request.kid !== undefined ? { kid: request.kid } : {};
  if (request.jwk) {
    const generated = await generateKey({ alg, secretBytes: bits / 8, ...kid });
    if (!generated.ok) throw usage(COMMAND, generated.error.message);
    return { key: generated.key, fileText: privateJwkText(generated.key), form: 'jwk', notes: [] };
  }
  const size = row.secret?.size;
  if (size && ('exact' in size || 'contentKey' in size)) {
    throw usage(COMMAND, `${alg} takes a key of exactly ${bits / 8} bytes; as text, ${bits / 8} characters would hold only ${Math.floor((bits / 8) * BITS_PER_CHARACTER)} random bits, so it is written only as a JWK: give --out FILE.json`);
  }
  const text = randomText(Math.ceil(bits / BITS_PER_CHARACTER));
  const imported = await importKey(text, { alg, format: 'secret', ...kid });
  if (!imported.ok || imported.keys.length !== 1) throw new Error('the generated secret did not import');
  const notes = [`the file holds the secret as ${text.length} characters of text (${bits} random bits); the text itself is the secret, as jsonwebtoken and PyJWT take a string secret`];
  notes.push(
    request.kid !== undefined
      ? `a text file holds no kid: where the secret is used, give --kid ${request.kid} (or the profile's header.kid), or write a .json JWK, which keeps it`
      : 'a text file holds no kid: give one with --kid or the profile\'s header.kid where the secret is used, or write a .json JWK, which keeps it',
  );
  return { key: imported.keys[0] as KeyMaterial, fileText: `${text}\n`, form: 'text', notes };
}
