// Hostile-input catalogue, section O (H110–H118): SD-JWT presentations built to
// slip an unsigned claim past a reader, to choose their own key, or to strain
// the scanner and the placement.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { decodeToken, findTokens, verifySdJwt } from '../../src/core/index';
import type { DecodedToken, KeyMaterial } from '../../src/core/index';
import { b64u, cnf, digest, disclosure, key, keyBinding, NOW, present, sign } from '../unit/sdJwtBuild';

let issuer: KeyMaterial;
let holder: KeyMaterial;
let attacker: KeyMaterial;
const given = disclosure('2GLC42sKQveCfGfryNRN9w', 'given_name', 'John');

before(async () => {
  issuer = await key('ES256');
  holder = await key('ES256');
  attacker = await key('ES256');
});

function decoded(text: string): DecodedToken {
  const r = decodeToken(text);
  if (!r.ok) assert.fail(r.error.message);
  assert.ok(r.token.sdJwt);
  return r.token;
}

describe('hostile SD-JWT presentations', () => {
  test('H110 a disclosure changed after issuance matches no digest; the verdict says not intact, by number', async () => {
    const jwt = await sign({}, { _sd: [digest(given)] }, issuer);
    const changed = disclosure('2GLC42sKQveCfGfryNRN9w', 'given_name', 'Mallory');
    const token = decoded(present(jwt, [changed]));
    assert.equal(token.sdJwt!.disclosures[0]?.status, 'unreferenced');
    assert.deepEqual(token.claims, {});
    const report = await verifySdJwt(present(jwt, [changed]), [issuer], { now: NOW });
    assert.equal(report.signature, 'valid');
    assert.equal(report.sdJwt.intact, false);
    assert.doesNotMatch(report.message, /Mallory|given_name/);
  });

  test('H111 a disclosure from another credential of the same issuer is flagged', async () => {
    const other = disclosure('other-salt', 'given_name', 'Eve');
    await sign({}, { _sd: [digest(other)] }, issuer);
    const jwt = await sign({}, { _sd: [digest(given)] }, issuer);
    const token = decoded(present(jwt, [given, other]));
    assert.deepEqual(token.sdJwt!.disclosures.map((d) => d.status), ['placed', 'unreferenced']);
    assert.deepEqual(token.claims, { given_name: 'John' });
  });

  test('H112 one disclosure placed twice: a digest in two places, a disclosure sent twice', async () => {
    const role = disclosure('s', 'admin');
    const jwt = await sign({}, { roles: [{ '...': digest(role) }, { '...': digest(role) }] }, issuer);
    const token = decoded(present(jwt, [role]));
    assert.deepEqual(token.claims, { roles: ['admin'] });
    assert.ok(token.findings.some((f) => f.code === 'SD_DIGEST_REPEATED'));
    const twice = decoded(present(await sign({}, { roles: [{ '...': digest(role) }] }, issuer), [role, role]));
    assert.deepEqual(twice.claims, { roles: ['admin'] });
    assert.equal(twice.sdJwt!.intact, false);
  });

  test('H113 a disclosure shadowing a signed claim, or naming a digest member, is refused', async () => {
    const shadow = disclosure('s1', 'iss', 'https://evil.example');
    const sd = disclosure('s2', '_sd', []);
    const element = disclosure('s3', 'x');
    const jwt = await sign({}, { iss: 'https://issuer.example', _sd: [digest(shadow), digest(sd), digest(element)] }, issuer);
    const token = decoded(present(jwt, [shadow, sd, element]));
    assert.deepEqual(token.sdJwt!.disclosures.map((d) => d.status), ['refused', 'refused', 'refused']);
    assert.deepEqual(token.claims, { iss: 'https://issuer.example' });
    assert.ok(token.findings.some((f) => f.code === 'SD_DISCLOSURE_REFUSED'));
  });

  test('H114 a disclosed __proto__ is plain own data, with a warning', async () => {
    const proto = disclosure('s', '__proto__', { admin: true });
    const token = decoded(present(await sign({}, { _sd: [digest(proto)] }, issuer), [proto]));
    assert.ok(Object.hasOwn(token.claims!, '__proto__'));
    assert.equal(Object.getPrototypeOf(token.claims), Object.prototype);
    assert.ok(token.findings.some((f) => f.code === 'PROTO_KEY' && f.where === 'disclosure'));
  });

  test('H115 floods and depth are bounded', async () => {
    const jwt = await sign({}, { sub: 'x' }, issuer);
    const flood = `${jwt}${'~'.repeat(100_000)}`;
    // Tildes alone after a JWT are punctuation; with a disclosure after them, the run is over the cap and skipped whole.
    assert.deepEqual(findTokens(`${flood} ${jwt}`).map((t) => [t.text, t.kind]), [[jwt, 'jws'], [jwt, 'jws']]);
    assert.deepEqual(findTokens(`${flood}${given}~ ${jwt}`).map((t) => t.text), [jwt]);
    assert.equal(decodeToken(flood).ok ? '' : (decodeToken(flood) as { error: { code: string } }).error.code, 'TOO_LARGE');
    const deep = b64u(`["s","n",${'['.repeat(10_000)}${']'.repeat(10_000)}]`);
    const deepToken = decoded(present(await sign({}, { _sd: [digest(deep)] }, issuer), [deep]));
    assert.equal(deepToken.sdJwt!.disclosures[0]?.status, 'malformed');
    // A chain: each disclosure's value holds the digest of the next.
    const chain: string[] = [disclosure('s299', 'leaf', 1)];
    for (let k = 298; k >= 0; k--) chain.unshift(disclosure(`s${k}`, `n${k}`, { _sd: [digest(chain[0]!)] }));
    const chainToken = decoded(present(await sign({}, { _sd: [digest(chain[0]!)] }, issuer), chain));
    const placed = chainToken.sdJwt!.disclosures.filter((d) => d.status === 'placed').length;
    assert.ok(placed > 0 && placed <= 64, `placed ${placed}`);
    assert.match(chainToken.sdJwt!.problems.join(' '), /nest over 64 levels/);
    assert.equal(chainToken.sdJwt!.intact, false);
  });

  test('H116 the key binding never chooses its own key or algorithm', async () => {
    const jwt = await sign({}, { _sd: [digest(given)], cnf: cnf(holder) }, issuer);
    const p = present(jwt, [given]);
    // HS256 with the holder's public JWK text as the secret (the RS256→HS256 confusion, RFC 8725 §3.1).
    const input = `${b64u(JSON.stringify({ alg: 'HS256', typ: 'kb+jwt' }))}.${b64u(JSON.stringify({ nonce: 'n', aud: 'a', iat: 1_750_000_000, sd_hash: digest(p) }))}`;
    const hs = `${input}.${createHmac('sha256', JSON.stringify(holder.publicJwk)).update(input).digest('base64url')}`;
    const hsReport = await verifySdJwt(p + hs, [issuer], { now: NOW });
    assert.equal(hsReport.signature, 'valid');
    assert.equal(hsReport.sdJwt.keyBinding?.status, 'invalid');
    // A forged issuer-signed JWT carrying the attacker's key, with a key binding that key made.
    const forged = present(await sign({}, { _sd: [digest(given)], cnf: cnf(attacker) }, attacker), [given]);
    const report = await verifySdJwt(forged + (await keyBinding(forged, attacker)), [issuer], { now: NOW });
    assert.notEqual(report.signature, 'valid');
    assert.equal(report.sdJwt.keyBinding?.status, 'not-checked');
  });

  test('H117 a character no part can hold is an error at its offset', async () => {
    const jwt = await sign({}, { _sd: [digest(given)] }, issuer);
    for (const bad of [' ', '\n', '\u200b']) {
      const text = `${jwt}~${given.slice(0, 5)}${bad}${given.slice(5)}~`;
      const r = decodeToken(text);
      assert.equal(r.ok ? '' : r.error.code, 'BAD_CHARACTERS');
      assert.equal(r.ok ? -1 : r.error.offset, jwt.length + 1 + 5);
    }
    const kb = `${present(jwt, [given])}eyJhbGciOiJFUzI1NiJ9.e30.si*g`;
    const r = decodeToken(kb);
    assert.match(r.ok ? '' : r.error.message, /key-binding JWT of this SD-JWT contains '\*'/);
  });

  test('H118 shapes the scanner must not misread', async () => {
    const jwt = await sign({}, { _sd: [digest(given)], cnf: cnf(holder) }, issuer);
    const p = present(jwt, [given]);
    const kb = await keyBinding(p, holder);
    assert.deepEqual(findTokens(p + kb).map((t) => t.kind), ['sd-jwt']);
    // The key-binding JWT is never a token of its own, also when a scan's look-back starts inside the presentation.
    const text = `x ${p}${kb} y`;
    const at = text.indexOf(kb) + 4;
    assert.deepEqual(findTokens(text, at, at + 1).map((t) => t.kind), ['sd-jwt']);
    assert.deepEqual(findTokens(text, at, at + 1, { maxTokenLength: kb.length + 8 }), []);
    assert.deepEqual(findTokens(`${jwt} ~ ${given}~`).map((t) => t.text), [jwt]);
    const jwe = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aXYtYnl0ZXMtaGVy.Y2lwaGVy.dGFnLWJ5dGVzLWhlcmU';
    assert.deepEqual(findTokens(`${jwe}~${given}~`).map((t) => t.kind), ['jwe']);
  });
});
