// Keys and tokens for the verify tests, made in the test with node:crypto,
// signed by jsonwebtoken and by PyJWT (Debian's python3-jwt), and written to
// a temporary folder the way a person would keep them: PEM, JWK, a JWK Set,
// a file holding a shared secret.
//
// EC keys come from createECDH: on this Node, generateKeyPairSync('ec')
// followed by a JWK export can deadlock when the collector runs.

import { createECDH, createPrivateKey, randomBytes } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { tempFolder } from './cli';
import { keyPair } from '../keyPairs';

export const PYTHON = '/usr/bin/python3';

export interface RsaPair {
  privateKey: KeyObject;
  privatePem: string;
  publicPem: string;
  publicJwk: JsonWebKey;
}

export function rsaPair(): RsaPair {
  const { privateKey, publicKey } = keyPair('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    publicJwk: publicKey.export({ format: 'jwk' }),
  };
}

export interface EcPair {
  privateKey: KeyObject;
  privatePem: string;
  publicJwk: JsonWebKey;
}

/** A P-256 key pair from ECDH: the public JWK built from the point, the private key imported from its JWK. */
export function ecPair(): EcPair {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const point = ecdh.getPublicKey();
  const publicJwk: JsonWebKey = { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') };
  const privateKey = createPrivateKey({ key: { ...publicJwk, d: ecdh.getPrivateKey().toString('base64url') }, format: 'jwk' });
  return { privateKey, privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicJwk };
}

/** A shared secret as text, long enough for HS512 (64 bytes). */
export function secretText(): string {
  return randomBytes(48).toString('base64url');
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function writeIn(dir: string, name: string, content: string | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content), { mode: 0o600 });
  return path;
}

export function signJwt(claims: object, key: string | KeyObject, options: jwt.SignOptions): string {
  return jwt.sign(claims, key, options);
}

export interface PyJwtRequest {
  alg: string;
  /** PEM text, or the secret's text. */
  key: string;
  payload: Record<string, unknown>;
  headers?: Record<string, unknown>;
}

/** Tokens signed by PyJWT, one per request, in order. */
export function pyjwtSign(requests: readonly PyJwtRequest[]): string[] {
  const script = [
    'import json, sys, jwt',
    'out = []',
    'for r in json.load(sys.stdin):',
    '    t = jwt.encode(r["payload"], r["key"], algorithm=r["alg"], headers=r.get("headers"))',
    '    out.append(t if isinstance(t, str) else t.decode())',
    'print(json.dumps(out))',
  ].join('\n');
  const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(requests), encoding: 'utf8' });
  if (run.error || run.status !== 0) throw new Error(`PyJWT could not sign (${(run.stderr || String(run.error)).trim()}); install it: apt-get install python3-jwt python3-cryptography`);
  return JSON.parse(run.stdout) as string[];
}

/** `token` with one character of its signature changed (in the middle, so the bytes change, not only unused bits). */
export function tamperSignature(token: string): string {
  const dot = token.lastIndexOf('.');
  const at = dot + 1 + Math.floor((token.length - dot - 1) / 2);
  const swapped = token[at] === 'A' ? 'B' : 'A';
  return token.slice(0, at) + swapped + token.slice(at + 1);
}

/** A compact token from header and payload objects (or payload text) with the given signature part. */
export function rawToken(header: object, payload: object | string, signature = ''): string {
  const part = (value: object | string): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(payload)}.${signature}`;
}

export interface KeyFolder {
  dir: string;
  cleanup: () => void;
  rsa: RsaPair;
  ec: EcPair;
  secret: string;
  /** hs.secret (with the newline `echo` writes), rsa.pub.pem, rsa.pem, ec.json (a public JWK with kid ec-1). */
  files: { secret: string; rsaPublic: string; rsaPrivate: string; ecJwk: string };
}

/** A temporary folder with an RSA pair, an EC P-256 public JWK and a shared secret, kept as files. */
export function keyFolder(): KeyFolder {
  const { dir, cleanup } = tempFolder();
  const rsa = rsaPair();
  const ec = ecPair();
  const secret = secretText();
  const files = {
    secret: writeIn(dir, 'hs.secret', `${secret}\n`),
    rsaPublic: writeIn(dir, 'rsa.pub.pem', rsa.publicPem),
    rsaPrivate: writeIn(dir, 'rsa.pem', rsa.privatePem),
    ecJwk: writeIn(dir, 'ec.json', { ...ec.publicJwk, kid: 'ec-1', alg: 'ES256', use: 'sig' }),
  };
  return { dir, cleanup, rsa, ec, secret, files };
}
