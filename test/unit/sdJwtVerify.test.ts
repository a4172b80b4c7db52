// SD-JWT verification (src/core/jose/sdJwtVerify.ts): the issuer signature
// like any JWS, the disclosure checks, the claims with disclosures placed, and
// the key-binding JWT against cnf.jwk only once the issuer signature holds.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { publicOnly, verifySdJwt, verifyToken } from '../../src/core/index';
import type { KeyMaterial } from '../../src/core/index';
import { cnf, digest, disclosure, key, keyBinding, NOW, present, sign } from './sdJwtBuild';

let issuer: KeyMaterial;
let holder: KeyMaterial;
let other: KeyMaterial;
let sdJwt: string;
const given = disclosure('2GLC42sKQveCfGfryNRN9w', 'given_name', 'John');
const exp = disclosure('eluV5Og3gSNII8EYnsxA_A', 'exp', Math.floor(NOW / 1000) - 60);

before(async () => {
  issuer = await key('ES256');
  holder = await key('ES256');
  other = await key('ES256');
  const jwt = await sign({ typ: 'dc+sd-jwt' }, { iss: 'https://issuer.example', _sd: [digest(given), digest(exp)], cnf: cnf(holder) }, issuer);
  sdJwt = present(jwt, [given]);
});

describe('SD-JWT verification', () => {
  test('an intact presentation with a valid key binding', async () => {
    const kb = await keyBinding(sdJwt, holder);
    const report = await verifySdJwt(sdJwt + kb, [publicOnly(issuer)], { now: NOW });
    assert.equal(report.signature, 'valid');
    assert.equal(report.key?.kid, issuer.kid);
    assert.equal(report.sdJwt.intact, true);
    assert.equal(report.sdJwt.keyBinding?.status, 'verified', report.sdJwt.keyBinding?.detail);
    assert.deepEqual(report.claims, { checked: true, valid: true, problems: [] });
    assert.match(report.message, /^Issuer signature valid: ES256 key .*Presentation intact: the one disclosure placed; 1 digest not disclosed \(withheld claims or decoys\)\. Key binding: sd_hash matches; signed by the holder key/);
  });

  test('key binding (RFC 9901 §7.3): nonce and aud compared only when expected, said otherwise; an old or future iat is noted', async () => {
    const kb = await keyBinding(sdJwt, holder);
    const fresh = (await verifySdJwt(sdJwt + kb, [publicOnly(issuer)], { now: NOW })).sdJwt.keyBinding!;
    assert.equal(fresh.status, 'verified');
    assert.match(fresh.detail, /nonce and aud not checked \(no expected value\)/);
    assert.equal(fresh.note, undefined);
    const expected = (await verifySdJwt(sdJwt + kb, [publicOnly(issuer)], { now: NOW, keyBindingNonce: 'n-0S6_WzA2Mj', keyBindingAudience: 'https://verifier.example.org' })).sdJwt.keyBinding!;
    assert.equal(expected.status, 'verified');
    assert.doesNotMatch(expected.detail, /not checked/);
    for (const options of [{ keyBindingNonce: 'other' }, { keyBindingAudience: 'https://elsewhere.example' }]) {
      const wrong = (await verifySdJwt(sdJwt + kb, [publicOnly(issuer)], { now: NOW, ...options })).sdJwt.keyBinding!;
      assert.equal(wrong.status, 'invalid', JSON.stringify(options));
      assert.match(wrong.detail, /is not the one expected/);
    }
    // The test key binding is made at 1 750 000 000 (100 s before NOW).
    const late = (await verifySdJwt(sdJwt + kb, [publicOnly(issuer)], { now: NOW + 3 * 3600 * 1000 })).sdJwt.keyBinding!;
    assert.equal(late.status, 'verified');
    assert.equal(late.note, 'key binding made 3 h ago: may be a replay');
    assert.match(late.detail, /But: key binding made 3 h ago: may be a replay\./);
    const within = (await verifySdJwt(sdJwt + kb, [publicOnly(issuer)], { now: NOW + 250 * 1000, clockToleranceSeconds: 60 })).sdJwt.keyBinding!;
    assert.equal(within.note, undefined, 'five minutes and the tolerance');
    const early = (await verifySdJwt(sdJwt + kb, [publicOnly(issuer)], { now: NOW - 3600 * 1000 })).sdJwt.keyBinding!;
    assert.match(early.note ?? '', /^key binding dated 58 min in the future$/);
  });

  test('a credential naming a holder key (cnf) but presented without a key-binding JWT is said to be unbound', async () => {
    const report = await verifySdJwt(sdJwt, [publicOnly(issuer)], { now: NOW });
    assert.equal(report.sdJwt.keyBinding, undefined);
    assert.match(report.message, /Not bound to its holder: the credential names a holder key \(cnf\) but no key-binding JWT is presented/);
  });

  test('claims are checked with the disclosures placed: a disclosed exp counts', async () => {
    const report = await verifySdJwt(sdJwt.replace(/~$/, `~${exp}~`), [issuer], { now: NOW });
    assert.equal(report.signature, 'valid');
    assert.equal(report.claims.valid, false);
    assert.deepEqual(report.claims.problems.map((p) => p.code), ['expired']);
    const without = await verifySdJwt(sdJwt, [issuer], { now: NOW });
    assert.equal(without.claims.valid, true, 'not disclosed, not checked');
  });

  test('a tampered disclosure: the issuer signature holds, the presentation does not', async () => {
    const tampered = sdJwt.replace(given, disclosure('2GLC42sKQveCfGfryNRN9w', 'given_name', 'Mallory'));
    const report = await verifySdJwt(tampered, [issuer], { now: NOW });
    assert.equal(report.signature, 'valid');
    assert.equal(report.sdJwt.intact, false);
    assert.deepEqual(report.sdJwt.problems, ['disclosure 1 matches no digest']);
    assert.match(report.message, /Presentation not intact: disclosure 1 matches no digest\./);
    assert.doesNotMatch(report.message, /Mallory|given_name/, 'no token text in the verdict');
  });

  test('a changed issuer-signed JWT is invalid like any JWS', async () => {
    const [jwt, ...rest] = sdJwt.split('~');
    const parts = jwt!.split('.');
    const changed = `${parts[0]}.${parts[1]!.slice(0, -2)}AA.${parts[2]}~${rest.join('~')}`;
    const report = await verifySdJwt(changed, [issuer], { now: NOW });
    assert.notEqual(report.signature, 'valid');
  });

  test('a wrong sd_hash, a key binding by another key, a wrong typ', async () => {
    const wrongHash = await keyBinding(sdJwt, holder, { claims: { sd_hash: digest(`${sdJwt}x`) } });
    const r1 = await verifySdJwt(sdJwt + wrongHash, [issuer], { now: NOW });
    assert.equal(r1.sdJwt.intact, false);
    assert.deepEqual(r1.sdJwt.problems, ["its key-binding JWT's sd_hash does not match it"]);
    assert.equal(r1.sdJwt.keyBinding?.status, 'invalid');
    assert.match(r1.sdJwt.keyBinding!.detail, /sd_hash does not match/);

    const byOther = await keyBinding(sdJwt, other);
    const r2 = await verifySdJwt(sdJwt + byOther, [issuer], { now: NOW });
    assert.equal(r2.sdJwt.intact, true, 'decoding alone cannot tell');
    assert.equal(r2.sdJwt.keyBinding?.status, 'invalid');
    assert.match(r2.sdJwt.keyBinding!.detail, /does not verify with the holder key/);

    const typ = await keyBinding(sdJwt, holder, { header: { typ: 'JWT' } });
    const r3 = await verifySdJwt(sdJwt + typ, [issuer], { now: NOW });
    assert.equal(r3.sdJwt.keyBinding?.status, 'invalid');
    assert.match(r3.sdJwt.problems.join(' '), /typ other than "kb\+jwt"/);
  });

  test('a key binding whose sd_hash covers a different set of disclosures', async () => {
    const kbForNone = await keyBinding(sdJwt.split('~')[0] + '~', holder);
    const report = await verifySdJwt(sdJwt + kbForNone, [issuer], { now: NOW });
    assert.equal(report.sdJwt.keyBinding?.status, 'invalid');
  });

  test('the key binding is not checked unless the issuer signature is valid', async () => {
    const kb = await keyBinding(sdJwt, holder);
    const none = await verifySdJwt(sdJwt + kb, [], { now: NOW });
    assert.equal(none.signature, 'no-matching-key');
    assert.equal(none.sdJwt.keyBinding?.status, 'not-checked');
    assert.match(none.sdJwt.keyBinding!.detail, /issuer signature is not verified/);
    const wrongIssuer = await verifySdJwt(sdJwt + kb, [other], { now: NOW });
    assert.equal(wrongIssuer.sdJwt.keyBinding?.status, 'not-checked');
  });

  test('the holder key decides the algorithm: HS256 over the holder key, a symmetric cnf, no cnf', async () => {
    const hs = await key('HS256');
    const hsKb = await keyBinding(sdJwt, hs);
    const r1 = await verifySdJwt(sdJwt + hsKb, [issuer], { now: NOW });
    assert.equal(r1.sdJwt.keyBinding?.status, 'invalid');
    const octCnf = await sign({}, { _sd: [digest(given)], cnf: { jwk: hs.privateJwk } }, issuer);
    const r2 = await verifySdJwt(present(octCnf, [given]) + (await keyBinding(present(octCnf, [given]), hs)), [issuer], { now: NOW });
    assert.equal(r2.sdJwt.keyBinding?.status, 'not-checked');
    const noCnf = await sign({}, { _sd: [digest(given)] }, issuer);
    const r3 = await verifySdJwt(present(noCnf, [given]) + (await keyBinding(present(noCnf, [given]), holder)), [issuer], { now: NOW });
    assert.equal(r3.sdJwt.keyBinding?.status, 'not-checked');
    assert.match(r3.sdJwt.keyBinding!.detail, /no EC, OKP or RSA holder key/);
  });

  test('Ed25519 and RSA holder keys', async () => {
    for (const alg of ['EdDSA', 'PS256'] as const) {
      const h = await key(alg);
      const jwt = await sign({}, { _sd: [digest(given)], cnf: cnf(h) }, issuer);
      const p = present(jwt, [given]);
      const report = await verifySdJwt(p + (await keyBinding(p, h)), [issuer], { now: NOW });
      assert.equal(report.sdJwt.keyBinding?.status, 'verified', `${alg}: ${report.sdJwt.keyBinding?.detail}`);
    }
  });

  test('verifyToken names an SD-JWT instead of calling it a JWE', async () => {
    const kb = await keyBinding(sdJwt, holder);
    const report = await verifyToken(sdJwt + kb, [issuer]);
    assert.equal(report.signature, 'malformed');
    assert.match(report.message, /SD-JWT presentation/);
    const notSd = await verifySdJwt(sdJwt.split('~')[0]!, [issuer]);
    assert.equal(notSd.signature, 'malformed');
  });
});
