// The decode/display side of the hostile-input catalogue (hostile-inputs.md).
// Each test is named by its entry and asserts the SAFE behaviour the entry
// asks for, not merely that nothing throws.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeToken, describeTimes, findTokens, inspectJson, prettyJson, visibleText } from '../../src/core/index';
import type { DecodedToken, DecodeResult, FindingCode } from '../../src/core/index';
import { loadVectors, conformanceDir } from './conformanceFiles';

const C = 'eyJzdWIiOiJhbGljZSIsImFkbWluIjpmYWxzZSwiaWF0IjoxNzAwMDAwMDAwfQ';
const A1 =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64url');

function ok(result: DecodeResult): DecodedToken {
  if (!result.ok) assert.fail(`expected a decoded token, got ${result.error.code}: ${result.error.message}`);
  return result.token;
}
function has(token: DecodedToken, code: FindingCode): boolean {
  return token.findings.some((f) => f.code === code);
}
function message(token: DecodedToken, code: FindingCode): string {
  const f = token.findings.find((x) => x.code === code);
  assert.ok(f, `expected ${code} among ${token.findings.map((x) => x.code).join(', ')}`);
  return f.message;
}
function vector(id: string): string {
  const v = loadVectors().find((x) => x.id === id);
  assert.ok(v, `vector ${id} missing from jose-vectors.json`);
  return v.token;
}

describe('hostile inputs: decode and display', () => {
  before(() => {
    // Fail loudly, never skip, when the catalogue is not where it should be.
    assert.ok(fs.existsSync(path.join(conformanceDir(), 'hostile-inputs.md')));
  });

  test('H01 alg none and its case variants: shown, flagged UNSIGNED, never a signed kind', () => {
    const unsigned = [
      `eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.${C}.`,
      `eyJhbGciOiJOb25lIiwidHlwIjoiSldUIn0.${C}.`,
      `eyJhbGciOiJOT05FIiwidHlwIjoiSldUIn0.${C}.`,
      `eyJhbGciOiJuT25FIiwidHlwIjoiSldUIn0.${C}.`,
      `eyJhbGciOiJub25lIn0.${C}.eA`,
      vector('rfc7515-A.5-none'),
      vector('rfc7519-6.1-unsecured-jwt'),
    ];
    for (const token of unsigned) {
      const t = ok(decodeToken(token));
      assert.equal(t.kind, 'unsecured', token);
      assert.equal(t.findings[0]?.code, 'ALG_NONE');
      assert.equal(t.findings[0]?.severity, 'error');
      assert.match(t.findings[0]?.message ?? '', /^UNSIGNED \(alg: none\)/);
      assert.ok(t.payload, 'decode still shows the payload');
    }
    const missing = ok(decodeToken(`eyJ0eXAiOiJKV1QifQ.${C}.mrewZIfkqr3zbGsOclIBgvbM4trsgfQFx_WUwoYnYQs`));
    assert.equal(missing.alg, undefined);
    assert.equal(missing.findings[0]?.code, 'ALG_MISSING');
    const empty = ok(decodeToken(`eyJhbGciOiIifQ.${C}.`));
    assert.ok(has(empty, 'ALG_MISSING') && has(empty, 'NO_SIGNATURE'));
    assert.ok(empty.findings.every((f) => f.severity === 'error'));
  });

  test('H02 signature stripped: labelled "no signature"', () => {
    const t = ok(decodeToken(`eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${C}.`));
    assert.equal(t.kind, 'jws');
    assert.equal(t.signatureBytes, 0);
    assert.equal(t.findings[0]?.code, 'NO_SIGNATURE');
    assert.equal(t.findings[0]?.severity, 'error');
    assert.match(t.findings[0]?.message ?? '', /No signature/);
    // Found in text too, so the hover can show the warning.
    assert.equal(findTokens(`x ${t.token} y`)[0]?.text, t.token);
  });

  test('H09 non-canonical base64url: flagged; wrong alphabet and non-ASCII rejected', () => {
    const bits = ok(decodeToken(A1.slice(0, -1) + 'l'));
    assert.match(message(bits, 'NON_CANONICAL_BASE64URL'), /signature/);
    const padded = ok(decodeToken(A1 + '='));
    assert.match(message(padded, 'NON_CANONICAL_BASE64URL'), /padding/);
    assert.ok(!has(ok(decodeToken(A1)), 'NON_CANONICAL_BASE64URL'));
    const a2 = vector('rfc7515-A.2-RS256');
    const std = a2.replace(/-/g, '+').replace(/_/g, '/');
    assert.notEqual(std, a2);
    const r = decodeToken(std);
    assert.ok(!r.ok && r.error.code === 'BAD_CHARACTERS');
    const e = decodeToken(A1 + 'é');
    assert.ok(!e.ok && e.error.code === 'BAD_CHARACTERS' && e.error.offset === A1.length);
  });

  test('H13 kid as an injection sink: kept as exact data, escaped and capped for display', () => {
    const kids = ['../../../../../../dev/null', "x' UNION SELECT 'AA==' -- ", 'key|touch /tmp/pwned', '/proc/self/environ'];
    const tokens = [
      'eyJhbGciOiJIUzI1NiIsImtpZCI6Ii4uLy4uLy4uLy4uLy4uLy4uL2Rldi9udWxsIn0',
      'eyJhbGciOiJIUzI1NiIsImtpZCI6IngnIFVOSU9OIFNFTEVDVCAnQUE9PScgLS0gIn0',
      'eyJhbGciOiJIUzI1NiIsImtpZCI6ImtleXx0b3VjaCAvdG1wL3B3bmVkIn0',
      'eyJhbGciOiJIUzI1NiIsImtpZCI6Ii9wcm9jL3NlbGYvZW52aXJvbiJ9',
    ].map((h) => `${h}.${C}.AAAA`);
    tokens.forEach((token, i) => {
      const t = ok(decodeToken(token));
      assert.equal(t.kid, kids[i]);
      assert.equal(visibleText(t.kid ?? ''), kids[i]);
      assert.ok(!has(t, 'LONG_KID'));
    });
    const longKid = 'a'.repeat(100_000);
    const t = ok(decodeToken(`${b64(JSON.stringify({ alg: 'HS256', kid: longKid }))}.${C}.AAAA`));
    assert.equal(t.kid, longKid);
    assert.match(message(t, 'LONG_KID'), /100,000 characters/);
    const shown = visibleText(t.kid ?? '');
    assert.ok(shown.length <= 256 && shown.endsWith('…'));
  });

  test('H14 crit: "critical extension not understood", duplicates noted', () => {
    const withCrit = (header: object) => ok(decodeToken(`${b64(JSON.stringify(header))}.${C}.AAAA`));
    assert.match(message(withCrit({ alg: 'HS256', crit: ['exp'], exp: 1 }), 'CRIT'), /not understood/);
    assert.ok(has(withCrit({ alg: 'HS256', crit: [] }), 'CRIT'));
    assert.ok(has(withCrit({ alg: 'HS256', crit: 'b64' }), 'CRIT'));
    assert.match(message(withCrit({ alg: 'HS256', crit: ['b64'] }), 'CRIT'), /"b64"/);
    const dup = ok(decodeToken(`eyJhbGciOiJIUzI1NiIsImI2NCI6dHJ1ZSwiY3JpdCI6WyJiNjQiLCJiNjQiXX0.${C}.Sfp61MLpoyTVQgIwL9w2PEx0LC4RbA6IWYCSzTnRmig`));
    assert.match(message(dup, 'CRIT'), /more than once/);
    const jwe = ok(decodeToken(`${b64('{"alg":"A128KW","enc":"A128CBC-HS256","crit":["x-custom"],"x-custom":1}')}.YWFh.aXY.Y3Q.dGFn`));
    assert.match(message(jwe, 'CRIT'), /x-custom/);
  });

  test('H15 b64:false: raw text only with crit, never a claims set', () => {
    // (a) without crit: flagged; payload is detached, not "$.02 (verified)".
    const a = ok(decodeToken('eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2V9..GsyM6AQJbQHY8aQKCbZSPJHzMRWo3HKIlcDuXof7nqs'));
    assert.ok(has(a, 'B64_WITHOUT_CRIT'));
    assert.deepEqual(a.payload, { type: 'detached' });
    assert.equal(a.claims, undefined);
    // (b) with crit: middle segment shown raw, no base64 decoding, no claims.
    const b = ok(decodeToken('eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19.{"sub":"alice"}.VhMrXysN0OznSZVMGitcje1WdeZ3zFzvaQGPgpNeMEk'));
    assert.deepEqual(b.payload, { type: 'unencoded', text: '{"sub":"alice"}' });
    assert.equal(b.claims, undefined);
    assert.ok(has(b, 'B64_FALSE'));
    // (c) RFC 7797 4.2: unencoded and detached.
    const c = ok(decodeToken(vector('rfc7797-4.2-b64false-detached')));
    assert.ok(has(c, 'B64_FALSE'));
    assert.deepEqual(c.payload, { type: 'detached' });
    // Raw text with spaces (cookbook) is not run through base64url.
    const inline = ok(decodeToken(vector('cookbook-rfc7797-b64false-compact-inline')));
    assert.deepEqual(inline.payload, { type: 'unencoded', text: 'This is the payload string!' });
  });

  test('H16 zip in a JWS: flagged, payload never inflated', () => {
    const t = ok(decodeToken(`eyJhbGciOiJIUzI1NiIsInppcCI6IkRFRiJ9.${C}.LnkUGrCTmGFAD4By3rlV2okj32-I02qoAT2csEf0fWM`));
    assert.ok(has(t, 'ZIP_IN_JWS'));
    assert.ok(t.payload?.type === 'json' && t.payload.text === '{"sub":"alice","admin":false,"iat":1700000000}');
  });

  test('H17 wrong segment counts and empty parts: classified by count, reported as text', () => {
    const [h, p, s] = A1.split('.');
    const cases: Array<[string, string]> = [
      [`${h}.${p}`, 'BAD_SEGMENT_COUNT'],
      [`${A1}.AAAA`, 'BAD_SEGMENT_COUNT'],
      ['a.b.c.d.e.f', 'BAD_SEGMENT_COUNT'],
      ['..', 'HEADER_NOT_JSON'],
      [`.${p}.${s}`, 'HEADER_NOT_JSON'],
    ];
    for (const [input, code] of cases) {
      const r = decodeToken(input);
      assert.ok(!r.ok, input);
      assert.equal(r.error.code, code, input);
      if (code === 'BAD_SEGMENT_COUNT') assert.match(r.error.message, /Found \d segments|no dots/);
      assert.deepEqual(findTokens(input), [], input);
    }
    const jwe = ok(decodeToken(vector('rfc7516-A.3-A128KW-A128CBC-HS256')));
    assert.equal(jwe.kind, 'jwe');
    assert.equal(jwe.claims, undefined);
  });

  test('H18 whitespace, wrapping, prefixes: outer trimmed explicitly, inner refused with an offset', () => {
    const inner = decodeToken(A1.slice(0, 4) + ' ' + A1.slice(4));
    assert.ok(!inner.ok && inner.error.code === 'BAD_CHARACTERS' && inner.error.offset === 4);
    const wrapped = A1.replace('.', '.\n');
    const w = decodeToken(wrapped);
    assert.ok(!w.ok && w.error.code === 'BAD_CHARACTERS' && w.error.offset === A1.indexOf('.') + 1);
    assert.equal(ok(decodeToken(` ${A1}\n`)).token, A1);
    assert.equal(ok(decodeToken(`Bearer ${A1}`)).token, A1);
    assert.equal(ok(decodeToken(`"${A1}"`)).token, A1);
    // The scanner extracts exactly the displayed substring, and a wrapped token is not one token.
    assert.deepEqual(findTokens(`Authorization: Bearer ${A1}`).map((t) => t.text), [A1]);
    assert.deepEqual(findTokens(`"${A1}"`).map((t) => t.text), [A1]);
    assert.deepEqual(findTokens(wrapped), []);
  });

  test('H19 polyglot: only the compact token is found; JSON is not decoded as a token', () => {
    const doc =
      '{"eyJhbGciOiJIUzI1NiJ9.eyJhZG1pbiI6dHJ1ZX0.":"","protected":"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9","payload":"eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ","signature":"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"}';
    const found = findTokens(doc);
    assert.deepEqual(found.map((t) => t.text), ['eyJhbGciOiJIUzI1NiJ9.eyJhZG1pbiI6dHJ1ZX0.']);
    assert.equal(found[0]?.start, 2);
    // Claims shown come from the same bytes that would be verified, and carry their warning.
    const t = ok(decodeToken(found[0]?.text ?? ''));
    assert.deepEqual(t.claims, { admin: true });
    assert.ok(has(t, 'NO_SIGNATURE'));
    const whole = decodeToken(doc);
    assert.ok(!whole.ok && whole.error.code === 'NOT_COMPACT');
  });

  test('H20 duplicate member names: detected, the effective (last) value named', () => {
    const h = ok(decodeToken('eyJhbGciOiJub25lIiwiYWxnIjoiSFMyNTYifQ.eyJzdWIiOiJhbGljZSJ9.UGEyOuYUcZmdirdj7NIdNCUa4cmZ8v_nDlsrYxluPp4'));
    assert.equal(h.alg, 'HS256');
    assert.equal(h.kind, 'jws');
    assert.match(message(h, 'DUPLICATE_KEY'), /\/alg.*last value \("HS256"\)/);
    const p = ok(decodeToken('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSIsInN1YiI6ImFkbWluIn0.u9-0BCWm9BY0xa8iooN1tN7EyaUO5HkMp3mb2Hvwxuw'));
    assert.equal(p.claims?.sub, 'admin');
    const f = p.findings.find((x) => x.code === 'DUPLICATE_KEY');
    assert.equal(f?.where, 'payload');
    assert.match(f?.message ?? '', /\/sub.*last value \("admin"\)/);
  });

  test('H21 __proto__ / constructor members: own data, no prototype change, flagged', () => {
    const t = ok(
      decodeToken(
        'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSIsIl9fcHJvdG9fXyI6eyJhZG1pbiI6dHJ1ZX0sImNvbnN0cnVjdG9yIjp7InByb3RvdHlwZSI6eyJwb2xsdXRlZCI6MX19fQ.RojKHJgUxe-e1_k90CZLemGi8gevH8DxE6B_HaNYcLg',
      ),
    );
    const claims = t.claims;
    assert.ok(claims);
    assert.ok(Object.hasOwn(claims, '__proto__'));
    assert.equal(Object.getPrototypeOf(claims), Object.prototype);
    assert.equal((claims as Record<string, unknown>).admin, undefined);
    assert.equal(({} as Record<string, unknown>).admin, undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(t.findings.filter((f) => f.code === 'PROTO_KEY').length, 3);
    const header = ok(decodeToken('eyJhbGciOiJIUzI1NiIsIl9fcHJvdG9fXyI6eyJhbGciOiJub25lIn19.eyJzdWIiOiJhbGljZSJ9.PHXPxJKil1pmHgPjZT4hwEOe2iRzcw-xda8fnvWFgGo'));
    assert.equal(header.alg, 'HS256');
    assert.equal(header.kind, 'jws');
    assert.equal(header.findings.find((f) => f.code === 'PROTO_KEY')?.where, 'header');
  });

  test('H22 payloads that are not a JSON object: JWS view, never an empty claims table', () => {
    const sig = 'bhZ260_Cju4l6tL6oPRe0hGeKENS1K0Elt9MePq21vc';
    const text = ok(decodeToken(`eyJhbGciOiJIUzI1NiJ9.UGF5bG9hZA.${sig}`));
    assert.deepEqual(text.payload, { type: 'text', text: 'Payload' });
    for (const [seg, value] of [['WzEsMiwzXQ', [1, 2, 3]], ['bnVsbA', null], ['ImhlbGxvIg', 'hello']] as const) {
      const t = ok(decodeToken(`eyJhbGciOiJIUzI1NiJ9.${seg}.${sig}`));
      assert.ok(t.payload?.type === 'json');
      assert.deepEqual(t.payload.value, value);
      assert.equal(t.claims, undefined);
      assert.match(message(t, 'PAYLOAD_NOT_CLAIMS'), /not a JWT claims set/);
    }
    const empty = ok(decodeToken('eyJhbGciOiJIUzI1NiJ9..OseJwguM7Xc9AlxQtHOCBgo6qFRlXh5mw2ZmelT4y44'));
    assert.deepEqual(empty.payload, { type: 'detached' });
    assert.equal(empty.claims, undefined);
    for (const id of ['rfc7515-A.4-ES512', 'rfc7520-4.1-RS256']) {
      const t = ok(decodeToken(vector(id)));
      assert.equal(t.payload?.type, 'text');
      assert.equal(t.claims, undefined);
      assert.ok(has(t, 'PAYLOAD_NOT_CLAIMS'));
    }
  });

  test('H23 encoding edge cases: hex for invalid UTF-8, BOM flagged, lone surrogate visible, CRLF kept', () => {
    const overlong = ok(decodeToken('eyJhbGciOiJIUzI1NiJ9.eyJzIjoiwK8ifQ.x'));
    assert.deepEqual(overlong.payload, { type: 'binary', hex: '7b2273223a22c0af227d', byteLength: 10, truncated: false });
    assert.equal(overlong.claims, undefined);
    const bom = ok(decodeToken('eyJhbGciOiJIUzI1NiJ9.77u_eyJzdWIiOiJhbGljZSJ9.WuOVPUnhkKvTQvImjsw1m-YPk_dt2mmCABmQF7RfOFI'));
    assert.match(message(bom, 'BOM'), /parser differential/);
    assert.deepEqual(bom.claims, { sub: 'alice' }, 'shows what jose uses');
    const lone = ok(decodeToken('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJcdWQ4MDBhZG1pbiJ9.p4hQnxu_Ap9UtmF5BlepPo-7WwazZHxISf2Z81Cxe58'));
    assert.match(message(lone, 'SUSPICIOUS_TEXT'), /lone surrogates/);
    assert.ok(lone.payload?.type === 'json');
    assert.match(prettyJson(lone.payload.text), /"\\ud800admin"/);
    assert.equal(visibleText(String(lone.claims?.sub)), '\\uD800admin');
    // RFC 7515 A.1: the exact bytes (CRLF) are kept for verification; display re-indents.
    const a1 = ok(decodeToken(A1));
    assert.ok(a1.payload?.type === 'json' && a1.payload.text.includes('\r\n'));
    assert.equal(prettyJson(a1.headerText), '{\n  "typ": "JWT",\n  "alg": "HS256"\n}');
  });

  test('H24 numeric dates: range-checked before Date maths, raw text shown, big integers exact', () => {
    const now = Date.UTC(2026, 0, 1);
    const times = (token: string) => {
      const t = ok(decodeToken(token));
      assert.ok(t.payload?.type === 'json');
      return describeTimes(t.claims, now, { payloadText: t.payload.text });
    };
    const str = times('eyJhbGciOiJIUzI1NiJ9.eyJleHAiOiIxNzk1MjYxNjY3In0.cxrnE6lhrQdkKWP91eju3SC9pP9__GvugrhS8G29Qjs');
    assert.equal(str.status, 'invalid');
    assert.match(str.summary, /exp must be a number/);
    assert.equal(str.exp?.raw, '"1795261667"');
    const inf = times('eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjFlMzA5fQ.sf0Yv3usuVpLifdne7wFdkW9mf_flNJHsjfmZoKTaIA');
    assert.equal(inf.status, 'invalid', 'exp 1e309 must never read as "never expires"');
    assert.equal(inf.exp?.raw, '1e309');
    const beyond = times('eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjllMTV9.2I0d4iFCeOty3J5BI_nq-Q_BJyRUryNAGOpNvSJ44_g');
    assert.equal(beyond.status, 'invalid');
    assert.equal(beyond.exp?.raw, '9e15');
    const neg = times('eyJhbGciOiJIUzI1NiJ9.eyJleHAiOi0xfQ.1123yyqVhHxnwvkdL1vDNP-lanlZE9SnRuNdlbmXMO0');
    assert.equal(neg.status, 'expired');
    assert.match(neg.exp?.iso ?? '', /^1969-12-31/);
    const far = times('eyJhbGciOiJIUzI1NiJ9.eyJuYmYiOjk5OTk5OTk5OTk5fQ.WD2GzVv5O0S4u362Vdt6sHoCnl4tTOUzMuHYpqEhPPY');
    assert.equal(far.status, 'not-yet-valid');
    assert.match(far.nbf?.iso ?? '', /^5138-/);
    const big = ok(decodeToken('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjEyMzQ1Njc4OTAxMjM0NTY3ODkwfQ.v3Em0glW6fjbLHskTRXIozQKwCSyaijBE90yBeWHulw'));
    assert.ok(has(big, 'UNSAFE_INTEGER'));
    assert.ok(big.payload?.type === 'json');
    assert.match(prettyJson(big.payload.text), /"sub": 12345678901234567890\n/);
    const frac = describeTimes({ exp: now / 1000 + 600.5 }, now);
    assert.equal(frac.status, 'valid');
    assert.match(frac.exp?.iso ?? '', /\.500Z$/);
  });

  test('H26 bidi overrides, ANSI escapes, controls, CRLF: flagged and made visible', () => {
    const t = ok(
      decodeToken(
        'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbuKArmducC5leGUiLCJuYW1lIjoiXHUwMDFiWzMxbXJvb3RcdTAwMWJbMG0iLCJub3RlIjoiYVxyXG5TZXQtQ29va2llOiB4PTEifQ.00RPJcuXLxkQ-dG6oPB3a4epJoA_mT58beEQjUBqYNs',
      ),
    );
    const msg = message(t, 'SUSPICIOUS_TEXT');
    assert.match(msg, /bidirectional/);
    assert.match(msg, /control characters/);
    assert.match(msg, /\/sub/);
    assert.ok(t.payload?.type === 'json');
    const pretty = prettyJson(t.payload.text);
    assert.ok(pretty.includes('"admin\\u202Egnp.exe"'));
    assert.ok(pretty.includes('\\u001b[31m'));
    assert.ok(pretty.includes('a\\r\\nSet-Cookie'));
    // eslint-disable-next-line no-control-regex -- looking for raw ESC/CR on purpose
    assert.doesNotMatch(pretty, /[\u202e\u001b\r]/);
    const claims = t.claims as Record<string, string>;
    assert.equal(visibleText(claims.sub ?? ''), 'admin\\u202Egnp.exe');
    assert.equal(visibleText(claims.name ?? ''), '\\u001B[31mroot\\u001B[0m');
    assert.equal(visibleText(claims.note ?? ''), 'a\\u000D\\u000ASet-Cookie: x=1');
  });

  test('H27 oversized tokens: refused before decoding, fast; long kid capped', () => {
    // A 20 MiB payload: about 28 million characters.
    const header = 'eyJhbGciOiJIUzI1NiJ9';
    const payload = 'eyJwIjoi' + 'QUFB'.repeat(Math.ceil((20 * 1024 * 1024) / 3)) + 'In0';
    const token = `${header}.${payload}.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk`;
    assert.ok(token.length > 27_000_000);
    for (const maxLength of [undefined, 64 * 1024]) {
      const t0 = performance.now();
      const r = decodeToken(token, maxLength === undefined ? {} : { maxLength });
      const ms = performance.now() - t0;
      assert.ok(!r.ok && r.error.code === 'TOO_LARGE');
      assert.match(r.error.message, /27,962,\d{3} characters/);
      assert.match(r.error.message, /JWS: 3 segments/);
      assert.ok(ms < 200, `TOO_LARGE took ${ms.toFixed(0)} ms`);
    }
    // The scanner skips the run without decoding it.
    const t0 = performance.now();
    assert.deepEqual(findTokens(`x ${token} y`), []);
    assert.ok(performance.now() - t0 < 1500);
    // A 100 000-character kid: decoded by an explicit command, refused by the hover bound.
    const kidToken = `${b64(JSON.stringify({ alg: 'HS256', kid: 'a'.repeat(100_000) }))}.${C}.AAAA`;
    const full = ok(decodeToken(kidToken));
    assert.ok(has(full, 'LONG_KID'));
    assert.ok(visibleText(full.kid ?? '').length <= 256);
    const hover = decodeToken(kidToken, { maxLength: 64 * 1024 });
    assert.ok(!hover.ok && hover.error.code === 'TOO_LARGE');
  });

  test('H28 100 000-deep nesting: decoded, flagged, rendered bounded without recursion', () => {
    const deep = '{"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const token = `eyJhbGciOiJIUzI1NiJ9.${b64(deep)}.AAAA`;
    assert.ok(token.length > 260_000);
    const t = ok(decodeToken(token));
    assert.match(message(t, 'DEEP_JSON'), /100,001 levels/);
    assert.ok(t.payload?.type === 'json');
    const pretty = prettyJson(t.payload.text);
    assert.ok(pretty.includes('[…]'));
    assert.ok(pretty.length < 10_000);
    assert.equal(inspectJson(t.payload.text).maxDepth, 100_001);
    assert.equal(findTokens(`"${token}"`)[0]?.text, token);
    // Nested that deep in the header, it is refused outright.
    const deepHeader = `${b64('{"alg":"HS256","x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}')}.${C}.AAAA`;
    const r = decodeToken(deepHeader);
    assert.ok(!r.ok && r.error.code === 'HEADER_TOO_DEEP');
    assert.deepEqual(findTokens(deepHeader), []);
  });
});
