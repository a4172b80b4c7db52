// SD-JWT decoding (src/core/token/sdJwt.ts, sdJwtPlace.ts): every place a
// digest can put a disclosure, and every way RFC 9901 §7.1 says a presentation
// is rejected, reported as a finding with the disclosure's status.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToken } from '../../src/core/index';
import type { DecodedToken, KeyMaterial } from '../../src/core/index';
import { MAX_SD_JWT_DISCLOSURES } from '../../src/core/token/findTokens';
import { b64u, digest, disclosure, key, present, sign } from './sdJwtBuild';

let issuer: KeyMaterial;
before(async () => {
  issuer = await key('ES256');
});

function decoded(text: string): DecodedToken {
  const r = decodeToken(text);
  if (!r.ok) assert.fail(r.error.message);
  assert.ok(r.token.sdJwt, 'decoded as an SD-JWT');
  return r.token;
}

function codes(token: DecodedToken): string[] {
  return token.findings.map((f) => f.code).filter((c) => c.startsWith('SD_'));
}

const given = disclosure('2GLC42sKQveCfGfryNRN9w', 'given_name', 'John');
const family = disclosure('eluV5Og3gSNII8EYnsxA_A', 'family_name', 'Doe');
const street = disclosure('6Ij7tM-a5iVPGboS5tmvVA', 'street_address', 'Schulstr. 12');
const de = disclosure('lklxF5jMYlGTPUovMNIvCA', 'DE');
const fr = disclosure('nPuoQnkRFq3BIeAm7AnXFA', 'FR');

describe('SD-JWT: where disclosures go', () => {
  test('object properties at the top level; the processed claims drop _sd and _sd_alg', async () => {
    const jwt = await sign({ typ: 'dc+sd-jwt' }, { iss: 'https://issuer.example', _sd: [digest(given), digest(family)], _sd_alg: 'sha-256' }, issuer);
    const token = decoded(present(jwt, [family, given]));
    const sd = token.sdJwt!;
    assert.equal(sd.intact, true);
    assert.deepEqual(sd.problems, []);
    assert.deepEqual(sd.disclosures.map((d) => [d.status, d.placedAt, d.salt, d.name, d.valueText]), [
      ['placed', '/family_name', 'eluV5Og3gSNII8EYnsxA_A', 'family_name', '"Doe"'],
      ['placed', '/given_name', '2GLC42sKQveCfGfryNRN9w', 'given_name', '"John"'],
    ]);
    assert.deepEqual(token.claims, { iss: 'https://issuer.example', given_name: 'John', family_name: 'Doe' });
    assert.equal(token.kind, 'jws');
    assert.equal(token.token, present(jwt, [family, given]));
    assert.equal(sd.issuerJwt, jwt);
    assert.equal(sd.disclosures[0]?.digest, digest(family));
  });

  test('nested objects and array elements; an element digest with no disclosure is dropped', async () => {
    const payload = { address: { _sd: [digest(street)], country: 'DE' }, nationalities: [{ '...': digest(de) }, { '...': digest(fr) }, 'UK'] };
    const token = decoded(present(await sign({}, payload, issuer), [de, street]));
    assert.deepEqual(token.claims, { address: { country: 'DE', street_address: 'Schulstr. 12' }, nationalities: ['DE', 'UK'] });
    assert.deepEqual(token.sdJwt!.disclosures.map((d) => d.placedAt), ['/nationalities/0', '/address/street_address']);
    assert.equal(token.sdJwt!.undisclosed, 1);
    assert.equal(token.sdJwt!.intact, true);
  });

  test('recursive: a disclosed value holds digests of further disclosures, objects and arrays alike', async () => {
    const inner = disclosure('Qg_O64zqAxe412a108iroA', 'locality', 'Schulpforta');
    const address = disclosure('AJx-095VPrpTtN4QMOqROA', 'address', { _sd: [digest(inner), digest('decoy')], region: 'Sachsen-Anhalt' });
    const nat = disclosure('Pc33JM2LchcU_lHggv_ufQ', 'nationalities', [{ '...': digest(de) }, { '...': digest(fr) }]);
    const evidence = disclosure('G02NSrQfjFXQ7Io09syajA', { _sd: [digest(given)] });
    const payload = { _sd: [digest(address), digest(nat)], evidence: [{ '...': digest(evidence) }] };
    // Order in the presentation does not matter: children may come before their parents.
    const token = decoded(present(await sign({}, payload, issuer), [inner, fr, address, nat, given, evidence]));
    assert.deepEqual(token.claims, {
      evidence: [{ given_name: 'John' }],
      address: { region: 'Sachsen-Anhalt', locality: 'Schulpforta' },
      nationalities: ['FR'],
    });
    assert.deepEqual(
      token.sdJwt!.disclosures.map((d) => d.placedAt),
      ['/address/locality', '/nationalities/0', '/address', '/nationalities', '/evidence/0/given_name', '/evidence/0'],
    );
    assert.equal(token.sdJwt!.undisclosed, 2, 'the decoy and the DE element');
    assert.equal(token.sdJwt!.intact, true);
  });

  test('values are kept as written: big integers, escapes, and an SD-JWT with no disclosures', async () => {
    const big = b64u('["salt-big","n",12345678901234567890123]');
    const payload = `{"_sd":["${digest(big)}"],"amount":1e400,"s":"\\u00e9"}`;
    const token = decoded(present(await sign({}, payload, issuer), [big]));
    assert.equal(token.sdJwt!.processedText, '{"amount":1e400,"s":"\\u00e9","n":12345678901234567890123}');
    assert.ok(token.findings.some((f) => f.code === 'UNSAFE_INTEGER' && f.where === 'disclosure'));
    const none = decoded(`${await sign({}, { sub: 'x' }, issuer)}~`);
    assert.deepEqual(none.sdJwt!.disclosures, []);
    assert.equal(none.sdJwt!.intact, true);
    assert.deepEqual(none.claims, { sub: 'x' });
  });

  for (const alg of ['sha-384', 'sha-512'] as const) {
    test(`_sd_alg ${alg}`, async () => {
      const payload = { _sd: [digest(given, alg)], _sd_alg: alg, list: [{ '...': digest(de, alg) }] };
      const token = decoded(present(await sign({}, payload, issuer), [given, de]));
      assert.equal(token.sdJwt!.intact, true, token.sdJwt!.problems.join('; '));
      assert.deepEqual(token.claims, { list: ['DE'], given_name: 'John' });
      // The same disclosures with sha-256 digests match nothing under this _sd_alg.
      const wrong = decoded(present(await sign({}, { ...payload, _sd: [digest(given)] }, issuer), [given]));
      assert.equal(wrong.sdJwt!.disclosures[0]?.status, 'unreferenced');
    });
  }
});

describe('SD-JWT: what a verifier rejects is flagged', () => {
  test('a tampered disclosure matches no digest', async () => {
    const jwt = await sign({}, { _sd: [digest(given), digest(family)] }, issuer);
    const tampered = disclosure('2GLC42sKQveCfGfryNRN9w', 'given_name', 'Mallory');
    const token = decoded(present(jwt, [tampered, family]));
    const sd = token.sdJwt!;
    assert.equal(sd.intact, false);
    assert.deepEqual(sd.disclosures.map((d) => d.status), ['unreferenced', 'placed']);
    assert.deepEqual(sd.problems, ['disclosure 1 matches no digest']);
    assert.deepEqual(codes(token), ['SD_DISCLOSURE_UNREFERENCED']);
    assert.match(token.findings.find((f) => f.code === 'SD_DISCLOSURE_UNREFERENCED')!.message, /Disclosure 1 \("given_name"\) matches no digest/);
    assert.deepEqual(token.claims, { family_name: 'Doe' }, 'the tampered value is not in the claims');
  });

  test('a stray disclosure, and one whose parent disclosure is missing', async () => {
    const inner = disclosure('s1', 'locality', 'X');
    const parent = disclosure('s2', 'address', { _sd: [digest(inner)] });
    const token = decoded(present(await sign({}, { _sd: [digest(parent)] }, issuer), [inner, disclosure('s3', 'other', 1)]));
    assert.deepEqual(token.sdJwt!.disclosures.map((d) => d.status), ['unreferenced', 'unreferenced']);
    assert.match(token.findings.find((f) => f.code === 'SD_DISCLOSURE_UNREFERENCED')!.message, /^Disclosures 1 and 2 match no digest/);
  });

  test('a disclosure sent twice, and a digest that appears twice', async () => {
    const twice = decoded(present(await sign({}, { _sd: [digest(given)] }, issuer), [given, given]));
    assert.deepEqual(twice.sdJwt!.disclosures.map((d) => d.status), ['placed', 'repeated']);
    assert.ok(codes(twice).includes('SD_DISCLOSURE_REPEATED'));
    const repeated = decoded(present(await sign({}, { _sd: [digest(given)], a: { _sd: [digest(given)] } }, issuer), [given]));
    assert.equal(repeated.sdJwt!.intact, false);
    assert.ok(codes(repeated).includes('SD_DIGEST_REPEATED'));
    assert.equal(repeated.sdJwt!.disclosures[0]?.status, 'placed', 'placed once, at the first place');
  });

  test('reserved and existing claim names are refused', async () => {
    const sd = disclosure('s1', '_sd', ['x']);
    const dots = disclosure('s2', '...', 'x');
    const clash = disclosure('s3', 'iss', 'https://evil.example');
    const token = decoded(present(await sign({}, { iss: 'https://issuer.example', _sd: [digest(sd), digest(dots), digest(clash)] }, issuer), [sd, dots, clash]));
    const statuses = token.sdJwt!.disclosures.map((d) => [d.status, d.problem]);
    assert.deepEqual(statuses, [
      ['refused', 'its claim name "_sd" is reserved for digests'],
      ['refused', 'its claim name "..." is reserved for digests'],
      ['refused', 'the object at / (top level) already has a claim "iss"'],
    ]);
    assert.deepEqual(token.claims, { iss: 'https://issuer.example' });
    assert.ok(codes(token).includes('SD_DISCLOSURE_REFUSED'));
  });

  test('a disclosure of the wrong shape for its place is refused', async () => {
    const token = decoded(present(await sign({}, { _sd: [digest(de)], list: [{ '...': digest(given) }] }, issuer), [de, given]));
    assert.deepEqual(token.sdJwt!.disclosures.map((d) => d.status), ['refused', 'refused']);
    assert.match(token.sdJwt!.disclosures[0]!.problem!, /array element.*"_sd" list/);
    assert.match(token.sdJwt!.disclosures[1]!.problem!, /object property.*element of the array at \/list/);
    assert.deepEqual(token.claims, { list: [] });
  });

  test('malformed disclosures say why', async () => {
    const jwt = await sign({}, { sub: 'x' }, issuer);
    const cases: Array<[string, RegExp]> = [
      ['WyJh=Y', /not base64url \(a character/],
      [b64u('not json'), /not JSON/],
      [b64u('{"a":1}'), /not a JSON array/],
      [b64u('["s"]'), /not a JSON array/],
      [b64u('["s","n",1,2]'), /not a JSON array/],
      [b64u('[1,"n",1]'), /salt that is not a string/],
      [b64u('["s",1,1]'), /claim name that is not a string/],
      ['WyJhY', /not base64url \(its length/],
      [Buffer.from([0xff, 0xfe]).toString('base64url'), /UTF-8/],
      [b64u(`${'['.repeat(70)}${']'.repeat(70)}`), /nested 70 levels/],
    ];
    for (const [text, why] of cases) {
      const token = decoded(present(jwt, [text]));
      const d = token.sdJwt!.disclosures[0]!;
      assert.equal(d.status, 'malformed', text);
      assert.match(d.problem!, why, text);
      assert.ok(codes(token).includes('SD_DISCLOSURE_MALFORMED'));
    }
  });

  test('a character no part can hold is an error at its offset, like whitespace inside a token', async () => {
    const jwt = await sign({}, { _sd: [digest(given)] }, issuer);
    for (const [text, at, what] of [
      [`${jwt}~${given}~WyJh*Y~`, `${jwt}~${given}~WyJh`.length, /disclosure 2 of this SD-JWT contains '\*'/],
      [`${jwt}~${given} ~`, `${jwt}~${given}`.length, /disclosure 1 of this SD-JWT contains a space/],
      [`${jwt}~${given}~eyJhbGciOiJFUzI1NiJ9.e30.a\u200bb`, `${jwt}~${given}~eyJhbGciOiJFUzI1NiJ9.e30.a`.length, /key-binding JWT of this SD-JWT contains .*does not show on screen/],
    ] as const) {
      const r = decodeToken(text);
      assert.equal(r.ok, false, text);
      if (r.ok) continue;
      assert.equal(r.error.code, 'BAD_CHARACTERS');
      assert.equal(r.error.offset, at);
      assert.match(r.error.message, what);
    }
  });

  test('the shape of the presentation: no final "~", an empty part, an unsigned issuer JWT, an unknown _sd_alg', async () => {
    const jwt = await sign({}, { _sd: [digest(given)] }, issuer);
    const cut = decoded(`${jwt}~${given}`);
    assert.equal(cut.sdJwt!.intact, false);
    assert.equal(cut.sdJwt!.disclosures[0]?.status, 'placed', 'the last part is still read as a disclosure');
    assert.ok(codes(cut).includes('SD_JWT_FORMAT'));
    const empty = decoded(`${jwt}~~${given}~`);
    assert.match(empty.sdJwt!.problems.join(' '), /empty part/);
    const unsigned = `${b64u('{"alg":"none"}')}.${b64u(JSON.stringify({ _sd: [digest(given)] }))}.`;
    const none = decoded(present(unsigned, [given]));
    assert.equal(none.kind, 'unsecured');
    assert.match(none.sdJwt!.problems.join(' '), /unsigned/);
    const md5 = decoded(present(await sign({}, { _sd: [digest(given)], _sd_alg: 'md5' }, issuer), [given]));
    assert.equal(md5.sdJwt!.hashSupported, false);
    assert.equal(md5.sdJwt!.disclosures[0]?.status, 'unchecked');
    assert.ok(codes(md5).includes('SD_ALG_UNSUPPORTED'));
    assert.equal(md5.sdJwt!.intact, false);
  });

  test('a disclosed __proto__ name is reported, and never becomes a prototype', async () => {
    const proto = disclosure('s', '__proto__', { admin: true });
    const token = decoded(present(await sign({}, { _sd: [digest(proto)] }, issuer), [proto]));
    assert.ok(token.findings.some((f) => f.code === 'PROTO_KEY' && /Disclosure 1 adds a claim named "__proto__"/.test(f.message)));
    assert.equal(Object.getPrototypeOf(token.claims), Object.prototype);
    assert.equal(({} as Record<string, unknown>).admin, undefined);
  });

  test('errors in the issuer-signed JWT, and the disclosure cap', async () => {
    const r = decodeToken('eyJhbGciOiJFUzI1NiJ9.e30~abc~');
    assert.equal(r.ok, false);
    assert.equal(r.ok ? '' : r.error.code, 'BAD_SEGMENT_COUNT');
    const bad = decodeToken(`eyJhbGciOiJFUzI1NiJ9.e30.sig*~${given}~`);
    assert.match(bad.ok ? '' : bad.error.message, /^In the issuer-signed JWT of this SD-JWT: /);
    const jwt = await sign({}, { sub: 'x' }, issuer);
    const many = decodeToken(present(jwt, new Array(MAX_SD_JWT_DISCLOSURES + 1).fill(given)));
    assert.equal(many.ok ? '' : many.error.code, 'TOO_LARGE');
    const most = decoded(present(jwt, new Array(MAX_SD_JWT_DISCLOSURES).fill(given)));
    assert.equal(most.sdJwt!.disclosures.length, MAX_SD_JWT_DISCLOSURES);
    assert.ok(most.findings.length < 20, 'findings are grouped, not one per disclosure');
  });
});

describe('SD-JWT: strict disclosures and reserved names', () => {
  test("a disclosure with '=' padding or non-zero unused bits is malformed, like a JWT part (one disclosure, one text)", async () => {
    const plain = disclosure('salt10', 'a', 1);
    assert.notEqual(plain.length % 4, 0);
    const padded = plain + '='.repeat(4 - (plain.length % 4));
    // The last character carries unused bits; the next letter of the alphabet sets one of them.
    const last = plain.charAt(plain.length - 1);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const loose = plain.slice(0, -1) + alphabet.charAt(alphabet.indexOf(last) + 1);
    for (const [text, why] of [[padded, "'=' padding"], [loose, 'non-zero unused bits in its last character']] as const) {
      const jwt = await sign({}, { _sd: [digest(text)] }, issuer);
      const token = decoded(present(jwt, [text]));
      assert.equal(token.sdJwt!.disclosures[0]?.status, 'malformed', text);
      assert.equal(token.sdJwt!.disclosures[0]?.problem, `is not strict base64url (it has ${why})`);
      assert.equal(token.sdJwt!.intact, false);
    }
    const jwt = await sign({}, { _sd: [digest(plain)] }, issuer);
    assert.equal(decoded(present(jwt, [plain])).sdJwt!.disclosures[0]?.status, 'placed');
  });

  test('a disclosed top-level _sd_alg is refused (the digests were checked with the signed one); deeper down it is a claim', async () => {
    const top = disclosure('s', '_sd_alg', 'sha-512');
    const nested = disclosure('t', '_sd_alg', 'x');
    const jwt = await sign({}, { _sd: [digest(top)], inner: { _sd: [digest(nested)] } }, issuer);
    const token = decoded(present(jwt, [top, nested]));
    assert.equal(token.sdJwt!.disclosures[0]?.status, 'refused');
    assert.match(token.sdJwt!.disclosures[0]?.problem ?? '', /_sd_alg/);
    assert.equal(token.sdJwt!.disclosures[1]?.status, 'placed');
    assert.ok(!Object.hasOwn(token.claims!, '_sd_alg'));
  });
});
