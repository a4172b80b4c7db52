// Trusted issuers: the claims checks an issuer's settings ask for fail closed and say what they found.
// Audiences that are not a list of strings match no token; a payload that is not a claims set is not from
// the issuer; iss and aud problems name the values expected and found; kidUnknown only when a refetch
// could help; keys cached for another issuer are never used.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { createSign } from 'node:crypto';
import { thumbprint, verifyWithIssuer } from '../../src/core/index';
import type { TrustedIssuer } from '../../src/core/index';
import { keyPair, type KeyPair } from '../keyPairs';
import { ISSUER, NOW, claims, issuerKeys, jwk, sign } from './issuerBuild';

const trusted: TrustedIssuer = { issuer: ISSUER };
let rsa: KeyPair;
let ec: KeyPair;

before(() => {
  rsa = keyPair('rsa', { modulusLength: 2048 });
  ec = keyPair('ec', { namedCurve: 'P-256' });
});

/** An RS256 JWS with an unencoded payload (RFC 7797), signed with node:crypto: jose makes those only in the flattened form. */
function unencoded(header: Record<string, unknown>, payload: string): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${payload}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(rsa.privateKey).toString('base64url')}`;
}

const codes = (v: { report: { claims: { problems: Array<{ code: string }> } } }): string[] => v.report.claims.problems.map((p) => p.code);

describe('verifyWithIssuer fails closed', () => {
  test('audiences that are not a list of non-empty strings match no token, not even one naming them', async () => {
    const keys = issuerKeys(jwk(rsa, { kid: 'r1' }));
    for (const aud of ['api://orders', 'x']) {
      const token = await sign({ alg: 'RS256', kid: 'r1' }, claims({ aud }), rsa.privateKey);
      for (const [audiences, words] of [
        ['api://orders', /are a string, not a list of strings/],
        [[5], /are a list whose entry 1 is a number, not a string/],
        [['api://orders', 5], /are a list whose entry 2 is a number, not a string/],
        [[''], /are a list whose entry 1 is empty/],
        [{ 0: 'api://orders' }, /are an object, not a list of strings/],
        [null, /are null, not a list of strings/],
      ] as const) {
        const v = await verifyWithIssuer(token, { issuer: ISSUER, audiences: audiences as unknown as string[] }, keys, { now: NOW });
        assert.equal(v.report.signature, 'valid');
        assert.equal(v.report.claims.valid, false, `${JSON.stringify(audiences)} with aud ${aud}`);
        assert.deepEqual(codes(v), ['bad-audience']);
        const message = v.report.claims.problems[0]?.message ?? '';
        assert.match(message, words);
        assert.match(message, /so no token can match them: fix the setting\.$/);
        assert.ok(v.report.message.endsWith(message));
      }
    }
  });

  test('a payload that is not a claims set does not say it is from the issuer: bad-issuer, not unchecked', async () => {
    const keys = issuerKeys(jwk(rsa, { kid: 'r1' }));
    const tokens = [
      unencoded({ alg: 'RS256', kid: 'r1', b64: false, crit: ['b64'] }, 'hello'),
      await sign({ alg: 'RS256', kid: 'r1' }, '"not an object"', rsa.privateKey),
      await sign({ alg: 'RS256', kid: 'r1' }, '[1, 2]', rsa.privateKey),
      await sign({ alg: 'RS256', kid: 'r1' }, 'plain text', rsa.privateKey),
    ];
    for (const token of tokens) {
      const v = await verifyWithIssuer(token, { issuer: ISSUER, audiences: ['api://orders'] }, keys, { now: NOW });
      assert.equal(v.report.signature, 'valid', v.report.message);
      assert.equal(v.report.claims.checked, true);
      assert.equal(v.report.claims.valid, false);
      assert.deepEqual(codes(v), ['bad-issuer']);
      assert.equal(v.report.claims.problems[0]?.message, `The token's payload is not a claims set, so it does not say it is from '${ISSUER}' (it has no iss).`);
    }
  });

  test('iss and aud problems name the values expected and found, escaped and cut', async () => {
    const keys = issuerKeys(jwk(rsa, { kid: 'r1' }));
    const verify = async (extra: Record<string, unknown>, audiences?: string[]): Promise<string[]> => {
      const token = await sign({ alg: 'RS256', kid: 'r1' }, claims(extra), rsa.privateKey);
      const v = await verifyWithIssuer(token, { issuer: ISSUER, ...(audiences ? { audiences } : {}) }, keys, { now: NOW });
      assert.equal(v.report.signature, 'valid');
      // The report's message carries the same words, not verifyToken's vaguer ones.
      assert.doesNotMatch(v.report.message, /not the one expected|does not include the one expected/);
      for (const p of v.report.claims.problems) assert.ok(v.report.message.includes(p.message));
      return v.report.claims.problems.map((p) => p.message);
    };
    assert.deepEqual(await verify({ iss: 'https://evil.example' }), [`iss is 'https://evil.example', not the issuer '${ISSUER}' (they must be equal character for character).`]);
    assert.deepEqual(await verify({ iss: `${ISSUER}/` }), [`iss is '${ISSUER}/', not the issuer '${ISSUER}' (they must be equal character for character). They differ only by a trailing "/", which counts: tokens carry one form exactly.`]);
    assert.deepEqual(await verify({ iss: undefined }), [`The token has no iss claim, so it does not say it is from '${ISSUER}'.`]);
    assert.deepEqual(await verify({ iss: 42 }), [`iss is a number, not the issuer '${ISSUER}'.`]);
    assert.deepEqual(await verify({ aud: 'api://x' }, ['api://orders']), [`aud is 'api://x', not the audience set for '${ISSUER}' ('api://orders').`]);
    assert.deepEqual(await verify({ aud: ['a', 'b', 'c', 'd', 'e'] }, ['api://orders', 'api://billing']), [`aud is 'a', 'b', 'c' and 2 more, not one of the audiences set for '${ISSUER}' ('api://orders', 'api://billing').`]);
    assert.deepEqual(await verify({ aud: undefined }, ['api://orders']), [`The token has no aud claim, but the audience set for '${ISSUER}' ('api://orders') must be named in it.`]);
    assert.deepEqual(await verify({ aud: [1, 2] }, ['api://orders']), [`aud is a list with no string in it, not the audience set for '${ISSUER}' ('api://orders').`]);
    const [hostile] = await verify({ aud: `api://x\u202E${'y'.repeat(500)}` }, ['api://orders']);
    assert.ok(hostile !== undefined && !hostile.includes('\u202E') && hostile.includes('\\u202E') && hostile.length < 300, hostile);
    // A replacement pattern in a found value is text, not a pattern.
    assert.deepEqual(await verify({ aud: "$&$'" }, ['api://orders']), [`aud is '$&$'', not the audience set for '${ISSUER}' ('api://orders').`]);
  });
});

describe('kidUnknown asks for a refetch only when one could help', () => {
  test('a token that verified never asks, whatever its kid', async () => {
    const keys = issuerKeys(jwk(rsa, { kid: 'r1' }));
    // An unknown kid, verified by algorithm.
    const madeUp = await verifyWithIssuer(await sign({ alg: 'RS256', kid: 'made-up' }, claims(), rsa.privateKey), trusted, keys, { now: NOW });
    assert.equal(madeUp.report.signature, 'valid');
    assert.equal(madeUp.report.key?.matchedBy, 'alg');
    assert.equal(madeUp.kidUnknown, false);
    // The RFC 7638 thumbprint a kid-less key goes by is its kid.
    const kidless = issuerKeys(jwk(ec));
    const tp = await thumbprint(jwk(ec) as never);
    const byThumbprint = await verifyWithIssuer(await sign({ alg: 'ES256', kid: tp }, claims(), ec.privateKey), trusted, kidless, { now: NOW });
    assert.equal(byThumbprint.report.signature, 'valid');
    assert.equal(byThumbprint.report.key?.matchedBy, 'kid');
    assert.equal(byThumbprint.kidUnknown, false);
  });

  test('a kid the set has is not unknown even when the signature fails; one it lacks is', async () => {
    const keys = issuerKeys(jwk(rsa, { kid: 'r1' }));
    const other = keyPair('rsa', { modulusLength: 2048 });
    const wrong = await verifyWithIssuer(await sign({ alg: 'RS256', kid: 'r1' }, claims(), other.privateKey), trusted, keys, { now: NOW });
    assert.equal(wrong.report.signature, 'invalid');
    assert.equal(wrong.kidUnknown, false);
    const rotated = await verifyWithIssuer(await sign({ alg: 'RS256', kid: 'r2' }, claims(), other.privateKey), trusted, keys, { now: NOW });
    assert.notEqual(rotated.report.signature, 'valid');
    assert.equal(rotated.kidUnknown, true);
  });
});

test('keys cached for another issuer are not used, and do not ask for a refetch', async () => {
  const keys = { ...issuerKeys(jwk(rsa, { kid: 'r1' })), issuer: 'https://other.example' };
  const v = await verifyWithIssuer(await sign({ alg: 'RS256', kid: 'r1' }, claims(), rsa.privateKey), trusted, keys, { now: NOW });
  assert.equal(v.report.signature, 'no-matching-key');
  assert.equal(v.report.message, `The cached keys are for issuer 'https://other.example', not '${ISSUER}', so the token was not checked with them.`);
  assert.equal(v.kidUnknown, false);
  assert.deepEqual(v.report.tried, []);
});
