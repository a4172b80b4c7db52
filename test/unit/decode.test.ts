import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToken } from '../../src/core/token/decode';
import type { DecodedToken, DecodeResult } from '../../src/core/token/decode';
import type { ErrorCode, FindingCode } from '../../src/core/base/types';
import { loadVectors } from '../conformance/conformanceFiles';

const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64url');
const C = 'eyJzdWIiOiJhbGljZSIsImFkbWluIjpmYWxzZSwiaWF0IjoxNzAwMDAwMDAwfQ';
const A1 =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const SIG = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

/** A token from header/payload JSON text (or bytes) and a signature segment. */
function mk(header: string | object, payload: string | object | Uint8Array = '{"sub":"alice"}', sig = SIG): string {
  const h = typeof header === 'string' ? header : JSON.stringify(header);
  const p = payload instanceof Uint8Array ? payload : typeof payload === 'string' ? payload : JSON.stringify(payload);
  return `${b64(h)}.${b64(p)}.${sig}`;
}

function ok(result: DecodeResult): DecodedToken {
  if (!result.ok) assert.fail(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.token;
}

function err(result: DecodeResult, code: ErrorCode): string {
  if (result.ok) assert.fail(`expected ${code}, got ok`);
  assert.equal(result.error.code, code, result.error.message);
  assert.ok(result.error.message.length > 20);
  return result.error.message;
}

function codes(token: DecodedToken): FindingCode[] {
  return token.findings.map((f) => f.code);
}

function finding(token: DecodedToken, code: FindingCode): string {
  const f = token.findings.find((x) => x.code === code);
  assert.ok(f, `expected finding ${code}, got ${codes(token).join(', ')}`);
  return f.message;
}

describe('decodeToken: structure and errors', () => {
  test('decodes RFC 7515 A.1 exactly, keeping the CRLF payload text', () => {
    const t = ok(decodeToken(A1));
    assert.equal(t.kind, 'jws');
    assert.equal(t.token, A1);
    assert.deepEqual(t.segments, A1.split('.'));
    assert.deepEqual(t.header, { typ: 'JWT', alg: 'HS256' });
    assert.equal(t.headerText, '{"typ":"JWT",\r\n "alg":"HS256"}');
    assert.equal(t.alg, 'HS256');
    assert.equal(t.typ, 'JWT');
    assert.equal(t.kid, undefined);
    assert.equal(t.signatureBytes, 32);
    assert.equal(t.payload?.type, 'json');
    assert.deepEqual(t.claims, { iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true });
    assert.deepEqual(t.findings, []);
  });

  test('EMPTY', () => {
    for (const input of ['', '   \n', 'Bearer   ', '""', undefined, null, 42]) {
      err(decodeToken(input as string), 'EMPTY');
    }
  });

  test('trims whitespace, one pair of quotes and a Bearer prefix, nothing inside', () => {
    for (const input of [` ${A1}\n`, `Bearer ${A1}`, `bearer\t${A1}`, `BEARER ${A1}  `, `"${A1}"`, `'${A1}'`, `Bearer "${A1}"`, `\ufeff${A1}`]) {
      assert.equal(ok(decodeToken(input)).token, A1, JSON.stringify(input));
    }
    // "Bearer" glued to the token is not a prefix: the header then does not start with eyJ.
    const glued = decodeToken(`Bearer${A1}`);
    assert.ok(!glued.ok && /starts with "eyJ"/.test(glued.error.message), !glued.ok ? glued.error.message : 'ok');
  });

  test('TOO_LARGE says the length and the kind by segment count', () => {
    const big = mk({ alg: 'HS256' }, { pad: 'x'.repeat(2000) });
    const msg = err(decodeToken(big, { maxLength: 1000 }), 'TOO_LARGE');
    assert.match(msg, new RegExp(big.length.toLocaleString('en-US')));
    assert.match(msg, /JWS: 3 segments/);
    assert.match(msg, /1,000/);
    const jwe = `${b64('{"alg":"dir","enc":"A128GCM"}')}..${'A'.repeat(100)}.${'B'.repeat(2000)}.${'C'.repeat(22)}`;
    assert.match(err(decodeToken(jwe, { maxLength: 1000 }), 'TOO_LARGE'), /JWE: 5 segments/);
    assert.match(err(decodeToken('a'.repeat(2000), { maxLength: 1000 }), 'TOO_LARGE'), /1 segment/);
  });

  test('BAD_SEGMENT_COUNT says how many were found and what is expected', () => {
    const [h, p, s] = A1.split('.');
    const cases: Array<[string, RegExp]> = [
      ['eyJhbGciOiJIUzI1NiJ9', /no dots/],
      [`${h}.${p}`, /Found 2 segments.*3 segments.*ends in '\.'/s],
      [`${A1}.AAAA`, /Found 4 segments/],
      ['a.b.c.d.e.f', /Found 6 segments/],
      [`${h}.${p}.${s}.x.y.z.w`, /Found 7 segments/],
    ];
    for (const [input, re] of cases) assert.match(err(decodeToken(input), 'BAD_SEGMENT_COUNT'), re);
    assert.match(err(decodeToken('a.b'), 'BAD_SEGMENT_COUNT'), /JWS has 3 segments.*JWE has 5/);
  });

  test('NOT_COMPACT for JSON serializations', () => {
    const doc = '{"payload":"eyJpc3MiOiJqb2UifQ","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"abc"}';
    assert.match(err(decodeToken(doc), 'NOT_COMPACT'), /JSON/);
  });

  test('BAD_CHARACTERS names the segment and the offset in the input', () => {
    const spaced = A1.slice(0, 4) + ' ' + A1.slice(4);
    const r = decodeToken(spaced);
    const msg = err(r, 'BAD_CHARACTERS');
    assert.ok(!r.ok && r.error.offset === 4);
    assert.match(msg, /header \(segment 1\).*a space at offset 4/);
    // Offsets count from the start of the input, before trimming.
    const lf = A1.replace('.', '.\n');
    const r2 = decodeToken(`  ${lf}`);
    assert.ok(!r2.ok && r2.error.code === 'BAD_CHARACTERS' && r2.error.offset === 2 + A1.indexOf('.') + 1);
    assert.match(!r2.ok ? r2.error.message : '', /payload \(segment 2\).*line break/);
    // Standard base64 alphabet in the signature.
    const std = decodeToken(A1.replace(/-/g, '+').replace(/_/g, '/'));
    assert.match(err(std, 'BAD_CHARACTERS'), /signature \(segment 3\).*standard base64/);
    // Non-ASCII appended.
    assert.match(err(decodeToken(A1 + 'é'), 'BAD_CHARACTERS'), /U\+00E9/);
    // Characters of the deceptive table are named for what they are: they do not show on screen.
    const [h1, p1, s1] = A1.split('.');
    assert.match(err(decodeToken(`${h1}.${p1}\u200b.${s1}`), 'BAD_CHARACTERS'), /payload \(segment 2\) contains U\+200B \(an invisible \(zero-width\) character\), which does not show on screen, at offset/);
    assert.match(err(decodeToken(`${A1}${String.fromCodePoint(0xe0041)}`), 'BAD_CHARACTERS'), /U\+E0041 \(a tag character/);
    // A JWE segment.
    const jwe = `${b64('{"alg":"dir","enc":"A128GCM"}')}..aXY.Y3 Q.dGFn`;
    assert.match(err(decodeToken(jwe), 'BAD_CHARACTERS'), /ciphertext \(segment 4\)/);
  });

  test('BAD_BASE64URL for impossible segment lengths (header and payload)', () => {
    assert.match(err(decodeToken(`eyJhb.${C}.sig`), 'BAD_BASE64URL'), /header \(segment 1\)/);
    assert.match(err(decodeToken(`eyJhbGciOiJIUzI1NiJ9.e.sig`), 'BAD_BASE64URL'), /payload \(segment 2\)/);
  });

  test('BAD_UTF8 in the header', () => {
    const header = b64(Buffer.concat([Buffer.from('{"alg":"'), Buffer.from([0xff]), Buffer.from('"}')]));
    assert.match(err(decodeToken(`${header}.${C}.sig`), 'BAD_UTF8'), /header \(segment 1\)/);
  });

  test('HEADER_NOT_JSON, including an empty header', () => {
    assert.match(err(decodeToken(`${b64('{"alg":"HS256"')}.${C}.sig`), 'HEADER_NOT_JSON'), /not valid JSON/);
    assert.match(err(decodeToken(`.${C}.sig`), 'HEADER_NOT_JSON'), /empty/);
    assert.match(err(decodeToken('..'), 'HEADER_NOT_JSON'), /empty/);
    // Text that reads as hostile markup is quoted, visible and short.
    const msg = err(decodeToken(`${b64('<img src=x>\u202e' + 'a'.repeat(500))}.${C}.sig`), 'HEADER_NOT_JSON');
    assert.ok(msg.includes('\\u202E') && msg.length < 400);
  });

  test('HEADER_NOT_OBJECT', () => {
    assert.match(err(decodeToken(`${b64('[1,2]')}.${C}.sig`), 'HEADER_NOT_OBJECT'), /an array/);
    assert.match(err(decodeToken(`${b64('"HS256"')}.${C}.sig`), 'HEADER_NOT_OBJECT'), /a string/);
    assert.match(err(decodeToken(`${b64('null')}.${C}.sig`), 'HEADER_NOT_OBJECT'), /null/);
  });

  test('HEADER_TOO_DEEP', () => {
    const header = '{"alg":"HS256","x":' + '['.repeat(1000) + ']'.repeat(1000) + '}';
    err(decodeToken(mk(header)), 'HEADER_TOO_DEEP');
  });

  test('never throws on any input', () => {
    const inputs: unknown[] = [undefined, null, 0, {}, [], Symbol.iterator, '\u0000', '.'.repeat(10_000), 'eyJ'.repeat(1000), '\ud800.\udc00.x'];
    for (const input of inputs) {
      const r = decodeToken(input as string);
      assert.equal(typeof r.ok, 'boolean');
    }
  });
});

describe('decodeToken: kinds and payloads', () => {
  test('JWE: header only, no payload, tag length as signatureBytes', () => {
    const t = ok(
      decodeToken(
        'eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ.AxY8DCtDaGlsbGljb3RoZQ.KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY.U0m_YmjN04DJvceFICbCVQ',
      ),
    );
    assert.equal(t.kind, 'jwe');
    assert.equal(t.alg, 'A128KW');
    assert.equal(t.enc, 'A128CBC-HS256');
    assert.equal(t.payload, undefined);
    assert.equal(t.claims, undefined);
    assert.equal(t.signatureBytes, 16);
  });

  test('payload variants: json (any value), text, binary, detached, omitted', () => {
    const json = ok(decodeToken(mk({ alg: 'HS256' }, '[1,2,3]')));
    assert.deepEqual(json.payload, { type: 'json', text: '[1,2,3]', value: [1, 2, 3] });
    assert.equal(json.claims, undefined);
    assert.match(finding(json, 'PAYLOAD_NOT_CLAIMS'), /an array/);

    const text = ok(decodeToken(mk({ alg: 'HS256' }, 'Payload')));
    assert.deepEqual(text.payload, { type: 'text', text: 'Payload' });
    finding(text, 'PAYLOAD_NOT_CLAIMS');

    const bin = ok(decodeToken(mk({ alg: 'HS256' }, new Uint8Array([0xff, 0x00, 0x10]))));
    assert.deepEqual(bin.payload, { type: 'binary', hex: 'ff0010', byteLength: 3, truncated: false });
    finding(bin, 'PAYLOAD_NOT_CLAIMS');

    const bigBin = ok(decodeToken(mk({ alg: 'HS256' }, new Uint8Array(10_000).fill(0xff))));
    assert.ok(bigBin.payload?.type === 'binary' && bigBin.payload.truncated && bigBin.payload.hex.length === 8192 && bigBin.payload.byteLength === 10_000);

    const detached = ok(decodeToken(`${b64('{"alg":"HS256"}')}..${SIG}`));
    assert.deepEqual(detached.payload, { type: 'detached' });
    assert.ok(!codes(detached).includes('PAYLOAD_NOT_CLAIMS'));

    const omitted = ok(decodeToken(mk({ alg: 'HS256' }, { pad: 'x'.repeat(5000) }), { maxPayloadBytes: 1000 }));
    assert.equal(omitted.payload?.type, 'omitted');
    assert.ok(omitted.payload?.type === 'omitted' && omitted.payload.byteLength === 5010);
    assert.equal(omitted.claims, undefined);
    assert.match(finding(omitted, 'OVERSIZE'), /5,010 bytes/);
  });

  test('claims keep __proto__ as an own data member', () => {
    const t = ok(decodeToken(mk({ alg: 'HS256' }, '{"sub":"a","__proto__":{"admin":true}}')));
    assert.ok(t.claims && Object.hasOwn(t.claims, '__proto__'));
    assert.equal(Object.getPrototypeOf(t.claims), Object.prototype);
    assert.equal((t.claims as Record<string, unknown>).admin, undefined);
  });
});

describe('decodeToken: findings', () => {
  test('ALG_NONE for any case, kind unsecured, prominent message', () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      const t = ok(decodeToken(`${b64(JSON.stringify({ alg, typ: 'JWT' }))}.${C}.`));
      assert.equal(t.kind, 'unsecured');
      const f = t.findings[0];
      assert.equal(f?.code, 'ALG_NONE');
      assert.equal(f?.severity, 'error');
      assert.match(f?.message ?? '', /^UNSIGNED \(alg: none\)/);
      if (alg !== 'none') assert.match(f?.message ?? '', /spelled/);
      assert.ok(!codes(t).includes('NO_SIGNATURE'));
    }
    assert.match(finding(ok(decodeToken(`eyJhbGciOiJub25lIn0.${C}.eA`)), 'ALG_NONE'), /signature segment/);
  });

  test('NO_SIGNATURE on a signed alg with an empty third segment', () => {
    const t = ok(decodeToken(`eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${C}.`));
    assert.equal(t.kind, 'jws');
    assert.equal(t.signatureBytes, 0);
    assert.equal(t.findings[0]?.code, 'NO_SIGNATURE');
  });

  test('ALG_MISSING when absent, empty or not a string', () => {
    assert.match(finding(ok(decodeToken(`eyJ0eXAiOiJKV1QifQ.${C}.${SIG}`)), 'ALG_MISSING'), /no alg/);
    assert.match(finding(ok(decodeToken(`eyJhbGciOiIifQ.${C}.`)), 'ALG_MISSING'), /empty alg/);
    const t = ok(decodeToken(mk({ alg: 256 })));
    assert.match(finding(t, 'ALG_MISSING'), /a number/);
    assert.equal(t.alg, undefined);
  });

  test('ENC_MISSING on a five-segment token without enc', () => {
    finding(ok(decodeToken(`${b64('{"alg":"dir"}')}..aXY.Y3Q.dGFn`)), 'ENC_MISSING');
  });

  test('MALFORMED_SEGMENT for an impossible signature or JWE segment length', () => {
    const t = ok(decodeToken(`eyJhbGciOiJIUzI1NiJ9.${C}.x`));
    finding(t, 'MALFORMED_SEGMENT');
    assert.equal(t.signatureBytes, 0);
    finding(ok(decodeToken(`${b64('{"alg":"dir","enc":"A128GCM"}')}..aXY.Y.dGFn`)), 'MALFORMED_SEGMENT');
  });

  test('CRIT: unknown, malformed, duplicated, absent', () => {
    assert.match(finding(ok(decodeToken(mk({ alg: 'HS256', crit: ['exp'], exp: 1 }))), 'CRIT'), /not understood: "exp"/);
    assert.match(finding(ok(decodeToken(mk({ alg: 'HS256', crit: [] }))), 'CRIT'), /empty array/);
    assert.match(finding(ok(decodeToken(mk({ alg: 'HS256', crit: 'b64' }))), 'CRIT'), /a string/);
    assert.match(finding(ok(decodeToken(mk({ alg: 'HS256', crit: ['b64'] }))), 'CRIT'), /no such member/);
    assert.match(finding(ok(decodeToken(mk({ alg: 'HS256', b64: true, crit: ['b64', 'b64'] }))), 'CRIT'), /more than once/);
    const jwe = ok(decodeToken(`${b64('{"alg":"A128KW","enc":"A128CBC-HS256","crit":["x-custom"],"x-custom":1}')}.YQ.aXY.Y3Q.dGFn`));
    assert.match(finding(jwe, 'CRIT'), /x-custom/);
    // b64 in crit is understood for a JWS: no CRIT finding.
    assert.ok(!codes(ok(decodeToken(mk({ alg: 'HS256', b64: true, crit: ['b64'] })))).includes('CRIT'));
  });

  test('B64_FALSE: payload shown raw, never as claims', () => {
    const t = ok(decodeToken(`${b64('{"alg":"HS256","b64":false,"crit":["b64"]}')}.{"sub":"alice"}.${SIG}`));
    assert.deepEqual(t.payload, { type: 'unencoded', text: '{"sub":"alice"}' });
    assert.equal(t.claims, undefined);
    finding(t, 'B64_FALSE');
  });

  test('B64_WITHOUT_CRIT: decoded as base64url, as jose does', () => {
    const t = ok(decodeToken(mk({ alg: 'HS256', b64: false })));
    assert.match(finding(t, 'B64_WITHOUT_CRIT'), /crit does not list/);
    assert.deepEqual(t.claims, { sub: 'alice' });
  });

  test('DUPLICATE_KEY in header and payload says which value is used', () => {
    const t = ok(decodeToken(mk('{"alg":"none","alg":"HS256"}', '{"sub":"alice","sub":"admin"}')));
    assert.equal(t.alg, 'HS256');
    assert.equal(t.kind, 'jws');
    const messages = t.findings.filter((f) => f.code === 'DUPLICATE_KEY');
    assert.equal(messages.length, 2);
    assert.equal(messages[0]?.where, 'header');
    assert.match(messages[0]?.message ?? '', /\/alg.*last value \("HS256"\)/);
    assert.match(messages[1]?.message ?? '', /\/sub.*last value \("admin"\)/);
  });

  test('NON_CANONICAL_BASE64URL for padding and trailing bits', () => {
    assert.match(finding(ok(decodeToken(A1.slice(0, -1) + 'l')), 'NON_CANONICAL_BASE64URL'), /signature.*unused bits/);
    const padded = ok(decodeToken(A1 + '='));
    assert.match(finding(padded, 'NON_CANONICAL_BASE64URL'), /'=' padding/);
    assert.equal(padded.signatureBytes, 32);
    const h = b64('{"alg":"HS256","x":12}');
    assert.equal(h.length % 4, 2);
    const paddedHeader = ok(decodeToken(`${h}==.${C}.${SIG}`));
    assert.match(finding(paddedHeader, 'NON_CANONICAL_BASE64URL'), /header/);
  });

  test('NESTED_JWT from cty or from a payload that is a token', () => {
    finding(ok(decodeToken(mk({ alg: 'HS256', cty: 'JWT' }))), 'NESTED_JWT');
    finding(ok(decodeToken(mk({ alg: 'HS256', cty: 'jwt' }))), 'NESTED_JWT');
    const nested = ok(decodeToken(mk({ alg: 'HS256' }, A1)));
    assert.equal(nested.payload?.type, 'text');
    finding(nested, 'NESTED_JWT');
  });

  test('EMBEDDED_JWK, KEY_URL (inert text), X5C', () => {
    const t = ok(
      decodeToken(
        mk({ alg: 'RS256', jwk: { kty: 'RSA', n: 'x', e: 'AQAB' }, jku: 'http://127.0.0.1:8000/.well-known/jwks.json', x5u: 'http://169.254.169.254/latest/meta-data/', x5c: ['MIIB'] }),
      ),
    );
    finding(t, 'EMBEDDED_JWK');
    const urls = t.findings.filter((f) => f.code === 'KEY_URL').map((f) => f.message);
    assert.equal(urls.length, 2);
    assert.match(urls[0] ?? '', /jku points at "http:\/\/127\.0\.0\.1:8000.*never fetched/);
    assert.match(urls[1] ?? '', /x5u/);
    finding(t, 'X5C');
  });

  test('ZIP_IN_JWS: payload is not inflated', () => {
    const t = ok(decodeToken(`eyJhbGciOiJIUzI1NiIsInppcCI6IkRFRiJ9.${C}.LnkUGrCTmGFAD4By3rlV2okj32-I02qoAT2csEf0fWM`));
    finding(t, 'ZIP_IN_JWS');
    assert.deepEqual(t.claims, { sub: 'alice', admin: false, iat: 1700000000 });
    assert.ok(!codes(ok(decodeToken('eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4R0NNIiwiemlwIjoiREVGIn0.YQ.aXY.Y3Q.dGFn'))).includes('ZIP_IN_JWS'));
  });

  test('BOM in the payload and in the header', () => {
    const t = ok(decodeToken(`eyJhbGciOiJIUzI1NiJ9.77u_eyJzdWIiOiJhbGljZSJ9.${SIG}`));
    assert.equal(finding(t, 'BOM').length > 0, true);
    assert.deepEqual(t.claims, { sub: 'alice' });
    const h = ok(decodeToken(`${b64('\ufeff{"alg":"HS256"}')}.${C}.${SIG}`));
    assert.equal(h.findings.find((f) => f.code === 'BOM')?.where, 'header');
    assert.equal(h.alg, 'HS256');
  });

  test('SUSPICIOUS_TEXT in header values, payload JSON and payload text', () => {
    assert.match(finding(ok(decodeToken(mk({ alg: 'HS256', kid: 'k\u202e1' }))), 'SUSPICIOUS_TEXT'), /\/kid/);
    assert.match(finding(ok(decodeToken(mk({ alg: 'HS256' }, { sub: 'a\u200bb' }))), 'SUSPICIOUS_TEXT'), /zero-width.*\/sub/);
    finding(ok(decodeToken(mk({ alg: 'HS256' }, 'plain text \u2066 here'))), 'SUSPICIOUS_TEXT');
    // The families the two old tables both missed.
    assert.match(finding(ok(decodeToken(mk({ alg: 'HS256', kid: `k1${String.fromCodePoint(0xe0041)}` }))), 'SUSPICIOUS_TEXT'), /tag characters.*\/kid/);
    assert.match(finding(ok(decodeToken(mk({ alg: 'HS256' }, { sub: 'admin\u3164' }))), 'SUSPICIOUS_TEXT'), /Hangul filler.*\/sub/);
    assert.match(finding(ok(decodeToken(mk({ alg: 'HS256' }, { sub: 'ad\u00admin' }))), 'SUSPICIOUS_TEXT'), /invisible.*\/sub/);
    assert.match(finding(ok(decodeToken(mk({ alg: 'HS256' }, { role: 'user\ufe0f' }))), 'SUSPICIOUS_TEXT'), /variation selectors.*\/role/);
    assert.match(finding(ok(decodeToken(mk({ alg: 'HS256' }, 'plain text \u2062 here'))), 'SUSPICIOUS_TEXT'), /invisible/);
  });

  test('LONG_KID over 256 characters; kid kept whole as data', () => {
    const kid = 'k'.repeat(300);
    const t = ok(decodeToken(mk({ alg: 'HS256', kid })));
    assert.equal(t.kid, kid);
    assert.match(finding(t, 'LONG_KID'), /300 characters/);
    assert.ok(!codes(ok(decodeToken(mk({ alg: 'HS256', kid: 'k'.repeat(256) })))).includes('LONG_KID'));
  });

  test('DEEP_JSON, UNSAFE_INTEGER, PROTO_KEY in the payload', () => {
    const deep = ok(decodeToken(mk({ alg: 'HS256' }, '{"a":' + '['.repeat(100) + ']'.repeat(100) + '}')));
    assert.match(finding(deep, 'DEEP_JSON'), /101 levels/);
    const big = ok(decodeToken(mk({ alg: 'HS256' }, '{"sub":12345678901234567890}')));
    assert.match(finding(big, 'UNSAFE_INTEGER'), /12345678901234567890.*12345678901234567000/);
    assert.ok(big.payload?.type === 'json' && big.payload.text.includes('12345678901234567890'));
    const proto = ok(decodeToken(mk({ alg: 'HS256', __proto__x: 1 }, '{"constructor":{"prototype":{"x":1}}}')));
    assert.equal(proto.findings.filter((f) => f.code === 'PROTO_KEY').length, 2);
  });

  test('findings are ordered errors first', () => {
    const t = ok(decodeToken(mk({ alg: 'none', jku: 'http://x', kid: 'k'.repeat(300) }, 'text')));
    const order = { error: 0, warning: 1, info: 2 };
    for (let i = 1; i < t.findings.length; i++) {
      assert.ok(order[t.findings[i - 1]!.severity] <= order[t.findings[i]!.severity]);
    }
    assert.equal(t.findings[0]?.code, 'ALG_NONE');
  });
});

describe('decodeToken: RFC vectors (jose-vectors.json)', () => {
  const vectors = loadVectors();
  test('the vector file is present and non-trivial', () => {
    assert.ok(vectors.length >= 30);
  });
  for (const v of vectors) {
    test(v.id, () => {
      const t = ok(decodeToken(v.token));
      assert.equal(t.token, v.token);
      const segments = v.token.split('.').length;
      assert.equal(t.kind === 'jwe', segments === 5);
      if (v.alg === 'none') assert.equal(t.kind, 'unsecured');
      if (v.expected.header) assert.deepEqual(t.header, v.expected.header);
      if (t.kind === 'jwe') {
        assert.equal(t.payload, undefined);
        assert.equal(t.enc, v.enc);
        return;
      }
      const expected = v.expected.payload;
      const payload = t.payload;
      assert.ok(payload);
      if (v.expected.payloadText !== undefined) {
        assert.ok(payload.type === 'json');
        assert.equal(payload.text, v.expected.payloadText);
      }
      if (v.detachedPayload !== undefined) {
        assert.equal(payload.type, 'detached');
        return;
      }
      if (expected === undefined) return;
      if (typeof expected === 'string') {
        assert.ok(payload.type === 'json' || payload.type === 'text' || payload.type === 'unencoded', payload.type);
        assert.equal(payload.text, expected);
        assert.equal(t.claims === undefined, payload.type !== 'json' || !payload.text.trimStart().startsWith('{'));
      } else {
        assert.deepEqual(t.claims, expected);
      }
    });
  }
});
