// importKey on the shapes hostile-inputs H90–H93 are about: a JWK Set of
// private keys (each checked against its own public half), the refusal of a
// set with too many, and a 1 MB shared secret scanned for key material in
// every encoding. Baselines run in the same process: crypto.subtle alone
// doing the least a pair check needs (import the private JWK, sign, import
// the public JWK, verify), and SHA-256 of the same secret bytes.
// Run: node --import tsx bench/keyImport.bench.ts

import { createECDH, randomBytes, webcrypto } from 'node:crypto';
import { importKey } from '../src/core';
import { median, report } from './benchReport';

const RUNS = 5;
const SET = 100;

async function wall(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

// P-521 key pairs made with ECDH rather than generateKeyPairSync + export({ format: 'jwk' }): on Node 20 that
// export can deadlock when a garbage collection during it frees the key's generation job (seen in this bench).
function p521Jwk(): webcrypto.JsonWebKey {
  const ecdh = createECDH('secp521r1');
  const point = ecdh.generateKeys();
  const d = ecdh.getPrivateKey();
  const size = 66;
  const padded = Buffer.concat([Buffer.alloc(size - d.length), d]);
  return { kty: 'EC', crv: 'P-521', x: point.subarray(1, 1 + size).toString('base64url'), y: point.subarray(1 + size).toString('base64url'), d: padded.toString('base64url') };
}

async function main(): Promise<void> {
  const jwks = Array.from({ length: 1000 }, (_, i) => ({ ...p521Jwk(), kid: `k${i}` }));
  const hundred = JSON.stringify({ keys: jwks.slice(0, SET) });
  const thousand = JSON.stringify({ keys: jwks });
  const params = { name: 'ECDSA', namedCurve: 'P-521' };
  const sign = { name: 'ECDSA', hash: 'SHA-512' };
  const data = new TextEncoder().encode('key pair check');
  const floor = async (): Promise<void> => {
    for (const jwk of jwks.slice(0, SET)) {
      const priv = await webcrypto.subtle.importKey('jwk', jwk, params, false, ['sign']);
      const pub = await webcrypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-521', x: jwk.x, y: jwk.y }, params, false, ['verify']);
      await webcrypto.subtle.verify(sign, pub, await webcrypto.subtle.sign(sign, priv, data), data);
    }
  };
  const ours: number[] = [];
  const theirs: number[] = [];
  const refusal: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    theirs.push(await wall(floor));
    ours.push(
      await wall(async () => {
        const r = await importKey(hundred);
        if (!r.ok || r.keys.length !== SET) throw new Error('the set did not import');
      }),
    );
    refusal.push(
      await wall(async () => {
        const r = await importKey(thousand);
        if (r.ok) throw new Error('1 000 private keys were imported');
      }),
    );
  }
  const perKey = median(ours) / SET;
  const floorPerKey = median(theirs) / SET;
  report({
    section: 'Key import',
    row: `JWK Set of ${SET} P-521 private keys, per key`,
    value: perKey,
    baseline: floorPerKey,
    ratio: floorPerKey / perKey,
    unit: 'ms/key',
    against: 'crypto.subtle: import private + public JWK, sign, verify',
    goal: { minRatio: 0.8 },
    shortfall: 'importKey also imports the private JWK through jose and checks members and kids; the private JWK import (about 2.5 ms for P-521, on the main thread) is most of both sides.',
    note: 'sets of up to 100 private keys are imported; the checks of 8 keys at a time overlap on the worker threads',
  });
  report({
    section: 'Key import',
    row: 'JWK Set of 1 000 P-521 private keys: refused',
    value: median(refusal),
    baseline: median(ours) * 10,
    ratio: (median(ours) * 10) / median(refusal),
    unit: 'ms',
    against: 'checking all 1 000 keys at the 100-key rate',
    goal: { maxValue: 100 },
    note: 'refused before any key is checked: at most 100 private keys per set',
  });

  const secret = randomBytes(740_000).toString('base64');
  const bytes = new TextEncoder().encode(secret);
  const scans: number[] = [];
  const hashes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    hashes.push(await wall(() => webcrypto.subtle.digest('SHA-256', bytes)));
    scans.push(
      await wall(async () => {
        const r = await importKey(secret, { format: 'secret', secretEncoding: 'base64', alg: 'HS512' });
        if (!r.ok) throw new Error(r.error.message);
      }),
    );
  }
  report({
    section: 'Key import',
    row: '1 MB shared secret, scanned for key material (text and decoded bytes)',
    value: median(scans),
    baseline: median(hashes),
    ratio: median(hashes) / median(scans),
    unit: 'ms',
    against: 'SHA-256 of the same bytes',
    goal: { maxValue: 250 },
    note: 'the input cap is 1 MB; the scan decodes base64, base64url and hex one level deep',
  });
}

void main();
