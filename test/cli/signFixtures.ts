// Keys, profiles and checkers for the sign / url / mint tests: keys made here
// with node:crypto and written with mode 0600 (EC keys exported as PKCS#8 PEM
// only), profiles written beside them, and tokens checked by jsonwebtoken and
// by PyJWT (test/interop/pyjwt_check.py, one Python process per batch).

import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { tempFolder } from './cli';
import { keyPair } from '../keyPairs';

/** A shared secret as text (not hex or base64, and no spaces, so it reads one way only): 47 bytes. */
export const SECRET = 'correct.horse!battery.staple#a~test-only~secret';

export interface KeyFiles {
  dir: string;
  cleanup: () => void;
  /** PKCS#8 private keys and SPKI public keys. */
  rsa: string;
  rsaPub: string;
  ec: string;
  ecPub: string;
  ed: string;
  edPub: string;
  /** The shared secret, as a file. */
  hs: string;
  /** A recipient's key pair for encrypted profiles (RSA-OAEP-256). */
  partner: string;
  partnerPub: string;
  /** Public keys (PEM) and secrets by file, to check tokens with. */
  publicOf: Map<string, string | Buffer>;
}

function pems(kind: 'rsa' | 'ec' | 'ed25519'): { priv: string; pub: string } {
  const pair = kind === 'rsa' ? keyPair('rsa', { modulusLength: 2048 }) : kind === 'ec' ? keyPair('ec', { namedCurve: 'P-256' }) : keyPair('ed25519');
  const priv = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  return { priv, pub: createPublicKey(priv).export({ type: 'spki', format: 'pem' }) as string };
}

export function writeSecretFile(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

/** A temporary folder with one key of each kind. */
export function makeKeys(): KeyFiles {
  const { dir, cleanup } = tempFolder('jwt-studio-sign-');
  const publicOf = new Map<string, string | Buffer>();
  const pair = (name: string, kind: 'rsa' | 'ec' | 'ed25519'): [string, string] => {
    const { priv, pub } = pems(kind);
    const privPath = writeSecretFile(join(dir, `${name}.pem`), priv);
    const pubPath = writeSecretFile(join(dir, `${name}.pub.pem`), pub);
    publicOf.set(privPath, pub);
    return [privPath, pubPath];
  };
  const [rsa, rsaPub] = pair('rsa', 'rsa');
  const [ec, ecPub] = pair('ec', 'ec');
  const [ed, edPub] = pair('ed', 'ed25519');
  const [partner, partnerPub] = pair('partner', 'rsa');
  const hs = writeSecretFile(join(dir, 'hs.secret'), `${SECRET}\n`);
  publicOf.set(hs, Buffer.from(SECRET, 'utf8'));
  return { dir, cleanup, rsa, rsaPub, ec, ecPub, ed, edPub, hs, partner, partnerPub, publicOf };
}

/** Writes a profile into the folder and returns its path. */
export function writeProfile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** The generic preset with every generated claim on: each token has its own iat, nbf, exp and jti. */
export function genericProfile(extra = ''): string {
  return `preset: generic\nkey: k1\nttl: 10m\nregistered:\n  nbf: true\n  jti: true\n${extra}claims:\n  sub: user_42\n  iss: https://auth.example.com\n  role: EDITOR\n`;
}

/** jsonwebtoken's verdict on a token signed with the key in `keyFile`: the header and payload, or a thrown error. */
export function jsonwebtokenVerify(token: string, keys: KeyFiles, keyFile: string, alg: jwt.Algorithm): { header: jwt.JwtHeader; payload: jwt.JwtPayload } {
  const key = keys.publicOf.get(keyFile);
  assert.ok(key, keyFile);
  const decoded = jwt.verify(token, key, { algorithms: [alg], complete: true });
  return { header: decoded.header, payload: decoded.payload as jwt.JwtPayload };
}

export interface PyCheck {
  id: string;
  token: string;
  alg: string;
  keyFile: string;
}

/** PyJWT verifies every token of the batch (exp, nbf and iat against its clock); returns its claims per id, or fails with PyJWT's error. */
export function pyjwtVerify(keys: KeyFiles, checks: readonly PyCheck[]): Record<string, Record<string, unknown>> {
  const verify = checks.map(({ id, token, alg, keyFile }) => {
    const key = keys.publicOf.get(keyFile);
    assert.ok(key, keyFile);
    return typeof key === 'string' ? { id, token, alg, key, keyEncoding: 'pem' } : { id, token, alg, key: key.toString('base64url'), keyEncoding: 'base64url' };
  });
  const script = resolve(import.meta.dirname, '../interop/pyjwt_check.py');
  const run = spawnSync('/usr/bin/python3', [script], { input: JSON.stringify({ verify, sign: [] }), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`pyjwt_check.py failed (PyJWT: apt-get install python3-jwt python3-cryptography): ${run.stderr}`);
  const out = JSON.parse(run.stdout) as { verified: Record<string, { ok: boolean; claims?: Record<string, unknown>; error?: string }> };
  const claims: Record<string, Record<string, unknown>> = {};
  for (const { id } of checks) {
    const verdict = out.verified[id];
    assert.ok(verdict?.ok, `PyJWT refused ${id}: ${verdict?.error}`);
    claims[id] = verdict.claims as Record<string, unknown>;
  }
  return claims;
}

/** The decoded header and payload of a compact JWS, without checking it. */
export function parts(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h as string, 'base64url').toString('utf8')), payload: JSON.parse(Buffer.from(p as string, 'base64url').toString('utf8')) };
}
