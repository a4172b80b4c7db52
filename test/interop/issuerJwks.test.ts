// Interop for trusted issuers: an issuer made of another implementation. PyJWT (Debian's python3-jwt)
// and cryptography make the keys, export the JWK Set with PyJWT's own JWK code (no alg; key_ops
// ["verify"] on the RSA key) and sign the tokens (pyjwt_jwks.py); readJwkSet keeps the keys and verifyWithIssuer
// verifies every token, with the issuer's iss and audience checked.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { readJwkSet, verifyWithIssuer } from '../../src/core/index';
import type { IssuerKeys } from '../../src/core/index';

const PYTHON = '/usr/bin/python3';
const ISSUER = 'https://login.example.org/tenant-1/v2.0';
const AUDIENCE = 'api://orders';
const NOW = Math.floor(Date.now() / 1000);

interface PyIssuer {
  version: string;
  jwks: string;
  tokens: Record<string, string>;
}

let py: PyIssuer;

before(() => {
  const run = spawnSync(PYTHON, [path.join(__dirname, 'pyjwt_jwks.py')], { input: JSON.stringify({ issuer: ISSUER, audience: AUDIENCE, now: NOW }), encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    throw new Error(`pyjwt_jwks.py failed (${(run.stderr || String(run.error)).trim()}). Install PyJWT: apt-get install python3-jwt python3-cryptography`);
  }
  py = JSON.parse(run.stdout) as PyIssuer;
});

describe('trusted issuer interop with PyJWT', () => {
  test('a JWK Set PyJWT exported verifies the RS256, PS256 and ES256 tokens PyJWT signed', async () => {
    const set = readJwkSet(py.jwks);
    if (!set.ok) assert.fail(set.error.message);
    assert.deepEqual(set.notes, []);
    assert.deepEqual(set.keys.map((k) => [k.kid, k.kty, k.alg, k.key_ops]), [['py-rsa', 'RSA', undefined, ['verify']], ['py-ec', 'EC', undefined, undefined]]);
    const keys: IssuerKeys = { issuer: ISSUER, jwksUri: `${ISSUER}/keys`, keys: set.keys, fetchedAt: Date.now(), freshUntil: Date.now() + 3_600_000 };
    assert.deepEqual(Object.keys(py.tokens).sort(), ['ES256', 'PS256', 'RS256']);
    for (const [alg, token] of Object.entries(py.tokens)) {
      const v = await verifyWithIssuer(token, { issuer: ISSUER, audiences: [AUDIENCE] }, keys);
      assert.equal(v.report.signature, 'valid', `PyJWT ${py.version} ${alg}: ${v.report.message}`);
      assert.equal(v.report.key?.alg, alg);
      assert.equal(v.report.claims.valid, true, v.report.message);
      assert.equal(v.kidUnknown, false);
      // The same token for an audience it was not issued to: the signature holds, the claims do not.
      const other = await verifyWithIssuer(token, { issuer: ISSUER, audiences: ['api://other'] }, keys);
      assert.deepEqual(other.report.claims.problems.map((p) => p.code), ['bad-audience']);
    }
  });
});
