// The example SD-JWTs of RFC 9901 (test/fixtures/conformance/sd-jwt/rfc9901.json):
// found whole in text, decoded with every disclosure placed, the processed
// claims the RFC prints, every printed digest, and verified with the key of
// its Appendix A.5 (the key-binding JWTs with their cnf key).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToken, findTokens, importKey, verifySdJwt } from '../../src/core/index';
import type { DecodedToken, KeyMaterial } from '../../src/core/index';
import { sha2 } from '../../src/core/base/sha2';
import { encodeBase64Url } from '../../src/core/text/base64url';
import { readJson } from './conformanceFiles';

interface Example {
  id: string;
  source: string;
  kind: 'issuer-signed-jwt' | 'sd-jwt' | 'sd-jwt+kb';
  text: string;
  processedPayload?: Record<string, unknown>;
  keyBindingPayload?: Record<string, unknown>;
}
interface Rfc9901 {
  issuerKey: Record<string, unknown>;
  examples: Example[];
  digestVectors: Array<{ source: string; disclosure: string; sha256: string }>;
}

const rfc = readJson('sd-jwt/rfc9901.json') as Rfc9901;
/** 2025-06-01: after every example's iat (the key-binding JWTs were made on 2025-05-29), before every exp. */
const NOW = Date.UTC(2025, 5, 1);
let issuerKey: KeyMaterial;

before(async () => {
  const r = await importKey(JSON.stringify(rfc.issuerKey), { alg: 'ES256' });
  if (!r.ok) assert.fail(r.error.message);
  issuerKey = r.keys[0] as KeyMaterial;
});

function decoded(text: string): DecodedToken {
  const r = decodeToken(text);
  if (!r.ok) assert.fail(r.error.message);
  return r.token;
}

describe('RFC 9901 examples', () => {
  test('the fixture holds every kind of example', () => {
    assert.deepEqual([...new Set(rfc.examples.map((e) => e.kind))].sort(), ['issuer-signed-jwt', 'sd-jwt', 'sd-jwt+kb']);
    assert.ok(rfc.examples.length >= 9);
    assert.ok(rfc.digestVectors.length >= 80);
  });

  for (const example of rfc.examples) {
    test(`${example.id}: found whole, never as a JWE (${example.source})`, () => {
      for (const text of [example.text, `vp_token=${example.text}&state=x`, `The wallet sent ${example.text}.`]) {
        const found = findTokens(text);
        assert.deepEqual(found.map((t) => t.text), [example.text]);
        assert.equal(found[0]?.kind, example.kind === 'issuer-signed-jwt' ? 'jws' : 'sd-jwt');
      }
    });

    if (example.kind === 'issuer-signed-jwt') continue;

    test(`${example.id}: every disclosure placed; the processed claims as the RFC prints them`, () => {
      const token = decoded(example.text);
      const sd = token.sdJwt!;
      assert.equal(sd.intact, true, sd.problems.join('; '));
      assert.ok(sd.disclosures.length > 0);
      assert.ok(sd.disclosures.every((d) => d.status === 'placed'));
      assert.equal(sd.sdAlg, 'sha-256');
      if (example.processedPayload) assert.deepEqual(token.claims, example.processedPayload);
      assert.equal(token.findings.filter((f) => f.severity === 'error').length, 0);
      if (example.kind === 'sd-jwt+kb') {
        assert.equal(sd.keyBinding?.sdHash, 'matches');
        assert.deepEqual(sd.keyBinding?.problems, []);
        if (example.keyBindingPayload) assert.deepEqual(sd.keyBinding?.token?.claims, example.keyBindingPayload);
      } else {
        assert.equal(sd.keyBinding, undefined);
      }
    });

    test(`${example.id}: verified with the key of Appendix A.5, the key binding with cnf.jwk`, async () => {
      const report = await verifySdJwt(example.text, [issuerKey], { now: NOW });
      assert.equal(report.signature, 'valid', report.message);
      assert.equal(report.sdJwt.intact, true);
      assert.equal(report.claims.valid, true, report.message);
      if (example.kind === 'sd-jwt+kb') assert.equal(report.sdJwt.keyBinding?.status, 'verified', report.sdJwt.keyBinding?.detail);
      // A disclosure dropped after the key binding was made: the sd_hash no longer matches.
      if (example.kind === 'sd-jwt+kb') {
        const parts = example.text.split('~');
        const dropped = [parts[0], ...parts.slice(2)].join('~');
        const r = await verifySdJwt(dropped, [issuerKey], { now: NOW });
        assert.equal(r.sdJwt.intact, false);
        assert.equal(r.sdJwt.keyBinding?.status, 'invalid');
      }
    });
  }

  test('every digest the RFC prints', () => {
    for (const v of rfc.digestVectors) {
      assert.equal(encodeBase64Url(sha2('sha-256', new TextEncoder().encode(v.disclosure))), v.sha256, `${v.source}: ${v.disclosure}`);
    }
  });

  test('a disclosure of §5.1 changed by one character matches no digest; the issuer signature still holds', async () => {
    const example = rfc.examples.find((e) => e.kind === 'sd-jwt')!;
    const parts = example.text.split('~');
    const d = parts[1]!;
    // The given_name disclosure with "John" changed to "Joan": still valid base64url JSON.
    const changed = Buffer.from(Buffer.from(d, 'base64url').toString('utf8').replace('John', 'Joan')).toString('base64url');
    assert.notEqual(changed, d);
    parts[1] = changed;
    const report = await verifySdJwt(parts.join('~'), [issuerKey], { now: NOW });
    assert.equal(report.signature, 'valid');
    assert.equal(report.sdJwt.intact, false);
    assert.deepEqual(report.sdJwt.problems, ['disclosure 1 matches no digest']);
  });
});
