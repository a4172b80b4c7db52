// signToken / verifyToken per algorithm family, one at a time and in batches
// of 1 000 (Promise.all), against jsonwebtoken and against raw node:crypto
// sign/verify on the same key (the practical limit). Keys are generated and
// imported once; core caches the CryptoKey per key. Ratio = their time / ours.
// Two more baselines show where the time goes, since the core must use jose
// (and so WebCrypto): jose's compact sign / verify alone with the same key,
// header and claims, and crypto.subtle alone on the same bytes.
// Run: node --import tsx bench/crypto.bench.ts

import { createPrivateKey, createPublicKey, createSecretKey, sign as rawSign, verify as rawVerify, createHmac, webcrypto } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { CompactSign, compactVerify } from 'jose';
import { cryptoKeyFor, generateKey, publicOnly, signToken, verifyToken } from '../src/core';
import type { KeyMaterial } from '../src/core';
import { median, report } from './benchReport';

const BATCH = 1000;
const SINGLES = 200;
const RUNS = 7;
const CLAIMS = { sub: 'user_42', iss: 'https://auth.example.com', role: 'EDITOR' };
const NOW = 1_700_000_000_000;

async function wall(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

type Family = 'HS256' | 'RS256' | 'ES256' | 'EdDSA';

interface Sides {
  ours: (i: number) => Promise<unknown>;
  jsonwebtoken?: (i: number) => unknown;
  raw: (i: number) => unknown;
  /** crypto.subtle alone on the same input: the floor for anything built on WebCrypto, as jose is. */
  webcrypto: (i: number) => Promise<unknown>;
  /** jose's compact sign / verify alone, with the same key object, header and claims: what the core adds is the rest. */
  jose: (i: number) => Promise<unknown>;
}

const SUBTLE_PARAMS: Record<Family, { name: string; hash?: string }> = {
  HS256: { name: 'HMAC', hash: 'SHA-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
};

async function subtleKeys(alg: Family, key: KeyMaterial): Promise<{ priv: webcrypto.CryptoKey; pub: webcrypto.CryptoKey }> {
  const params = alg === 'ES256' ? { name: 'ECDSA', namedCurve: 'P-256' } : SUBTLE_PARAMS[alg];
  if (key.kty === 'oct') {
    const secret = Buffer.from(key.privateJwk?.k as string, 'base64url');
    const one = await webcrypto.subtle.importKey('raw', secret, params, false, ['sign', 'verify']);
    return { priv: one, pub: one };
  }
  const priv = await webcrypto.subtle.importKey('jwk', key.privateJwk as webcrypto.JsonWebKey, params, false, ['sign']);
  const pub = await webcrypto.subtle.importKey('jwk', key.publicJwk as webcrypto.JsonWebKey, params, false, ['verify']);
  return { priv, pub };
}

function nodeKeys(key: KeyMaterial): { priv: KeyObject; pub: KeyObject } {
  if (key.kty === 'oct') {
    const secret = createSecretKey(Buffer.from(key.privateJwk?.k as string, 'base64url'));
    return { priv: secret, pub: secret };
  }
  const priv = createPrivateKey({ key: key.privateJwk as object, format: 'jwk' } as never);
  return { priv, pub: createPublicKey(priv) };
}

function rawSignFor(alg: Family, priv: KeyObject): (data: Buffer) => Buffer {
  if (alg === 'HS256') return (data) => createHmac('sha256', priv).update(data).digest();
  if (alg === 'ES256') return (data) => rawSign('sha256', data, { key: priv, dsaEncoding: 'ieee-p1363' });
  if (alg === 'EdDSA') return (data) => rawSign(null, data, priv);
  return (data) => rawSign('sha256', data, priv);
}

function rawVerifyFor(alg: Family, pub: KeyObject): (data: Buffer, sig: Buffer) => boolean {
  if (alg === 'HS256') return (data, sig) => createHmac('sha256', pub).update(data).digest().equals(sig);
  if (alg === 'ES256') return (data, sig) => rawVerify('sha256', data, { key: pub, dsaEncoding: 'ieee-p1363' }, sig);
  if (alg === 'EdDSA') return (data, sig) => rawVerify(null, data, pub, sig);
  return (data, sig) => rawVerify('sha256', data, pub, sig);
}

async function family(alg: Family): Promise<void> {
  const generated = await generateKey({ alg });
  if (!generated.ok) throw new Error(generated.error.message);
  const key = generated.key;
  const verifyKeys = [key.kty === 'oct' ? key : publicOnly(key)];
  const { priv, pub } = nodeKeys(key);
  const signed = await signToken({ key, claims: CLAIMS, ttlSeconds: 900, now: NOW });
  if (!signed.ok) throw new Error(signed.error.message);
  const token = signed.token;
  const [h, p, s] = token.split('.') as [string, string, string];
  const signingInput = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const doRawSign = rawSignFor(alg, priv);
  const doRawVerify = rawVerifyFor(alg, pub);
  const subtle = await subtleKeys(alg, key);
  const subtleParams = SUBTLE_PARAMS[alg];
  const joseSignKey = await cryptoKeyFor(key, 'sign');
  const joseVerifyKey = await cryptoKeyFor(verifyKeys[0] as KeyMaterial, 'verify');
  if (!joseSignKey.ok || !joseVerifyKey.ok) throw new Error(`${alg}: the core could not load the key`);
  const joseHeader = { alg, typ: 'JWT', kid: key.kid };
  // jsonwebtoken has no EdDSA.
  const jwtKey = alg === 'HS256' ? priv : priv.export({ format: 'pem', type: 'pkcs8' });
  const jwtPub = alg === 'HS256' ? pub : pub.export({ format: 'pem', type: 'spki' });

  const signSides: Sides = {
    ours: (i) => signToken({ key, claims: { ...CLAIMS, n: i }, ttlSeconds: 900, now: NOW }),
    jsonwebtoken: alg === 'EdDSA' ? undefined : (i) => jwt.sign({ ...CLAIMS, n: i }, jwtKey as never, { algorithm: alg, expiresIn: 900, keyid: key.kid }),
    raw: () => doRawSign(signingInput).toString('base64url'),
    webcrypto: () => webcrypto.subtle.sign(subtleParams, subtle.priv, signingInput),
    jose: (i) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify({ ...CLAIMS, n: i, exp: NOW / 1000 + 900, iat: NOW / 1000 })))
        .setProtectedHeader(joseHeader)
        .sign(joseSignKey.cryptoKey),
  };
  const verifySides: Sides = {
    ours: () => verifyToken(token, verifyKeys, { now: NOW }),
    jsonwebtoken: alg === 'EdDSA' ? undefined : () => jwt.verify(token, jwtPub as never, { algorithms: [alg], clockTimestamp: NOW / 1000 }),
    raw: () => doRawVerify(signingInput, signature),
    webcrypto: () => webcrypto.subtle.verify(subtleParams, subtle.pub, signature, signingInput),
    jose: () => compactVerify(token, joseVerifyKey.cryptoKey, { algorithms: [alg] }),
  };
  const check = await verifyToken(token, verifyKeys, { now: NOW });
  if (check.signature !== 'valid') throw new Error(`${alg}: own token did not verify (${check.signature})`);

  for (const [op, sides] of [['sign', signSides], ['verify', verifySides]] as const) {
    for (const mode of ['single', 'batch'] as const) {
      const once = async (fn: (i: number) => unknown): Promise<number> => {
        const t = await wall(async () => {
          if (mode === 'batch') await Promise.all(Array.from({ length: BATCH }, (_, i) => fn(i)));
          else for (let i = 0; i < SINGLES; i++) await fn(i);
        });
        return (t / (mode === 'batch' ? BATCH : SINGLES)) * 1000;
      };
      // The sides take turns within each run, so a burst of load on the shared machine falls on all of them.
      const named = { ours: sides.ours, raw: sides.raw, floor: sides.webcrypto, jose: sides.jose, other: sides.jsonwebtoken };
      const times = new Map<string, number[]>();
      for (let r = 0; r < RUNS + 1; r++) {
        for (const [name, fn] of Object.entries(named)) {
          if (!fn) continue;
          const t = await once(fn);
          if (r > 0) times.set(name, [...(times.get(name) ?? []), t]);
        }
      }
      const med = (name: string): number => median(times.get(name) ?? []);
      const ours = med('ours');
      const raw = med('raw');
      const floor = med('floor');
      const joseAlone = med('jose');
      const other = sides.jsonwebtoken ? med('other') : undefined;
      const label = mode === 'batch' ? `batch of ${BATCH}` : 'one at a time';
      console.log(`${alg} ${op} ${label}: ours ${ours.toFixed(1)} µs, raw ${raw.toFixed(1)} µs, WebCrypto ${floor.toFixed(1)} µs, jose ${joseAlone.toFixed(1)} µs${other === undefined ? '' : `, jsonwebtoken ${other.toFixed(1)} µs`}`);
      // What WebCrypto alone costs for the same operation, beside jsonwebtoken's whole operation: when the
      // first is the larger, no library built on WebCrypto (jose, and so the core) can catch up.
      const floorNote = `crypto.subtle alone: ${floor.toFixed(1)} µs; jose alone: ${joseAlone.toFixed(1)} µs`;
      if (other !== undefined) {
        report({
          section: 'Signing and verifying',
          row: `${alg} ${op}, ${label}, vs jsonwebtoken`,
          value: ours,
          baseline: other,
          ratio: other / ours,
          unit: 'µs/token',
          against: 'jsonwebtoken',
          goal: { minRatio: 1 },
          note: floorNote,
          shortfall:
            'The core signs and verifies through jose, which uses WebCrypto: every operation is a promise settled from the thread pool, where jsonwebtoken calls node:crypto synchronously. The note gives crypto.subtle alone (the key imported once, nothing else done) and jose alone: where either is near or above jsonwebtoken\'s whole operation, the core, which must use jose, cannot be ahead. The core keeps to WebCrypto so that it can run in VS Code for the Web; a synchronous node:crypto path for the desktop extension host, beside the core, would close these rows.',
        });
      }
      report({
        section: 'Signing and verifying',
        row: `${alg} ${op}, ${label}, vs node:crypto`,
        value: ours,
        baseline: raw,
        ratio: raw / ours,
        unit: 'µs/token',
        against: 'raw node:crypto',
        goal: mode === 'batch' ? { minRatio: 0.8 } : undefined,
        note: [floorNote, alg === 'EdDSA' ? 'jsonwebtoken has no EdDSA' : undefined].filter(Boolean).join('; '),
        shortfall:
          op === 'sign'
            ? 'Raw signing only signs a fixed input, synchronously. signToken also builds and checks the header and claims and encodes them, and signs through jose and WebCrypto: a promise per call, with the signature computed on the thread pool. The note shows where the time goes: crypto.subtle alone, jose alone (which the core must use), and the rest is the core\'s own checks, whose JavaScript runs before each job is handed to the pool. Where the signature itself is cheap (HS256, ES256, EdDSA), that fixed work outweighs it; a synchronous node:crypto path beside the core would close it.'
            : 'Raw verifying only checks a signature, synchronously. verifyToken also decodes the token, checks its header against the key and checks the claims, and verifies through jose and WebCrypto: a promise per call, with the check computed on the thread pool. The note shows where the time goes: crypto.subtle alone, jose alone (which the core must use), and the rest is the core\'s own checks. For cheap checks (HS256, RS256) that fixed work dominates; a synchronous node:crypto path beside the core would close it.',
      });
      report({
        section: 'Signing and verifying',
        row: `${alg} ${op}, ${label}, vs jose alone`,
        value: ours,
        baseline: joseAlone,
        ratio: joseAlone / ours,
        unit: 'µs/token',
        against: `jose ${op === 'sign' ? 'CompactSign' : 'compactVerify'} alone`,
        note: 'context: what the core adds to jose (building and checking header and claims, reading the token back; key selection and claim checks when verifying)',
      });
      report({
        section: 'Signing and verifying',
        row: `${alg} ${op}, ${label}, vs crypto.subtle alone`,
        value: ours,
        baseline: floor,
        ratio: floor / ours,
        unit: 'µs/token',
        against: 'crypto.subtle alone',
        note: 'context: the share of the time that is WebCrypto itself; the rest is building, encoding and checking the token',
      });
    }
  }
}

async function main(): Promise<void> {
  for (const alg of ['HS256', 'RS256', 'ES256', 'EdDSA'] as const) await family(alg);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
