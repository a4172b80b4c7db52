// Hostile-input catalogue, section N (H100–H108): characters that hide text,
// and token shapes the scanner has to find. Each test is named by its entry and
// asserts the safe behaviour the entry asks for.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToken, findTokens, findTokensInLines, generateKey, prettyJson, signToken, tokenAtColumn, visibleText } from '../../src/core/index';
import type { DecodedToken, DecodeResult, FindingCode } from '../../src/core/index';
import { keyIdProblem, keyLabelProblem } from '../../src/keys/keyRingNames';

const b64 = (s: string): string => Buffer.from(s).toString('base64url');
const C = 'eyJzdWIiOiJhbGljZSIsImFkbWluIjpmYWxzZSwiaWF0IjoxNzAwMDAwMDAwfQ';
const SIG = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
/** U+E0000 + each ASCII character: the "ASCII smuggling" encoding. */
const tags = (ascii: string): string => [...ascii].map((c) => String.fromCodePoint(0xe0000 + (c.codePointAt(0) as number))).join('');

function ok(result: DecodeResult): DecodedToken {
  if (!result.ok) assert.fail(`expected a decoded token, got ${result.error.code}: ${result.error.message}`);
  return result.token;
}
function message(token: DecodedToken, code: FindingCode): string {
  const f = token.findings.find((x) => x.code === code);
  assert.ok(f, `expected ${code} among ${token.findings.map((x) => x.code).join(', ')}`);
  return f.message;
}
const withClaims = (claims: object, header: object = { alg: 'HS256' }): string => `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}.${SIG}`;

describe('hostile inputs: deceptive characters and token shapes', () => {
  test('H100 tag characters (ASCII smuggling): flagged, shown as escapes, refused as a kid', async () => {
    const sub = `alice${tags(' role=admin')}`;
    const t = ok(decodeToken(withClaims({ sub }, { alg: 'HS256', kid: `k1${tags('x')}` })));
    assert.match(message(t, 'SUSPICIOUS_TEXT'), /tag characters.*\/kid/);
    assert.ok(t.findings.some((f) => f.where === 'payload' && f.code === 'SUSPICIOUS_TEXT' && /\/sub/.test(f.message)));
    const shown = visibleText(sub);
    assert.equal(shown.startsWith('alice\\uDB40\\uDC20\\uDB40\\uDC72'), true, shown);
    assert.doesNotMatch(shown, /[\u{e0000}-\u{e007f}]/u);
    assert.ok(t.payload?.type === 'json');
    const pretty = prettyJson(t.payload.text);
    assert.doesNotMatch(pretty, /[\u{e0000}-\u{e007f}]/u);
    assert.deepEqual(JSON.parse(pretty), { sub }, 'the escapes are JSON: the same value reads back');
    const key = await generateKey({ alg: 'HS256', kid: `k1${tags('x')}` });
    assert.ok(!key.ok && /U\+E0078 \(a tag character/.test(key.error.message));
  });

  test('H101 blank and invisible characters the old tables missed: Hangul fillers, soft hyphen, invisible operators, CGJ, MVS', () => {
    for (const cp of [0x115f, 0x1160, 0x3164, 0xffa0, 0x00ad, 0x2061, 0x2062, 0x2063, 0x2064, 0x034f, 0x180e]) {
      const sub = `adm${String.fromCodePoint(cp)}in`;
      const t = ok(decodeToken(withClaims({ sub })));
      assert.match(message(t, 'SUSPICIOUS_TEXT'), /\/sub/, cp.toString(16));
      assert.equal(visibleText(sub), `adm\\u${cp.toString(16).toUpperCase().padStart(4, '0')}in`);
    }
    // A claim *name* made only of a Hangul filler is a member no one can see.
    const t = ok(decodeToken(withClaims({ sub: 'alice', '\u3164': 'admin' })));
    assert.match(message(t, 'SUSPICIOUS_TEXT'), /Hangul filler.*\/\\u3164/);
  });

  test('H102 variation selectors, BMP and supplementary (data hidden after a visible character)', () => {
    const hidden = `ok${[...'secret'].map((c) => String.fromCodePoint(0xe0100 + (c.charCodeAt(0) % 240))).join('')}`;
    const t = ok(decodeToken(withClaims({ note: hidden, flag: 'yes\ufe0f' })));
    assert.match(message(t, 'SUSPICIOUS_TEXT'), /variation selectors/);
    assert.equal(visibleText(hidden).startsWith('ok\\uDB40\\uDD'), true);
    assert.equal(visibleText('yes\ufe0f'), 'yes\\uFE0F');
  });

  test('H103 one table: a kid refused on import is a kid flagged on decode, and ring ids and labels follow it', async () => {
    for (const kid of ['k\u20601', 'k1\u00ad', `k${tags('1')}`, 'k\u31641', 'k1\ufe0f', 'k\u202e1', 'k\u200b1']) {
      const key = await generateKey({ alg: 'HS256', kid });
      assert.ok(!key.ok, `${JSON.stringify(kid)} accepted as a kid`);
      assert.match(key.error.message, /The kid contains U\+[0-9A-F]{4,5} \(.*\) at position \d+/);
      const t = ok(decodeToken(withClaims({ sub: 'a' }, { alg: 'HS256', kid })));
      assert.match(message(t, 'SUSPICIOUS_TEXT'), /\/kid/, `${JSON.stringify(kid)} not flagged on decode`);
      assert.match(keyIdProblem(kid, []) ?? '', /contains U\+/);
      assert.match(keyLabelProblem(`Prod ${kid}`) ?? '', /The label contains U\+/);
    }
    // A header template kid goes through the same table when signing.
    const key = await generateKey({ alg: 'HS256', kid: 'k1' });
    assert.ok(key.ok);
    if (key.ok) {
      const signed = await signToken({ key: key.key, claims: { sub: 'a' }, header: { kid: 'k1\u2060' } });
      assert.ok(!signed.ok && signed.error.code === 'HEADER_REFUSED');
    }
  });

  test('H104 an invisible character inside a pasted token is named, not just given a code point', () => {
    const [h, p, s] = [b64('{"alg":"HS256"}'), C, SIG];
    const r = decodeToken(`${h}.${p.slice(0, 10)}\u200b${p.slice(10)}.${s}`);
    assert.ok(!r.ok && r.error.code === 'BAD_CHARACTERS');
    assert.match(r.error.message, /U\+200B \(an invisible \(zero-width\) character\), which does not show on screen, at offset \d+/);
    const tagged = decodeToken(`${h}.${p}.${s}${tags('x')}`);
    assert.ok(!tagged.ok && /U\+E0078 \(a tag character/.test(tagged.error.message));
  });

  test('H105 headers with whitespace after the brace are found by every path, as decodeToken reads them', () => {
    const headers = [
      JSON.stringify({ alg: 'HS256', typ: 'JWT' }, null, 2), // ewog
      JSON.stringify({ alg: 'HS256', typ: 'JWT' }, null, 4).replace(/\n/g, '\r\n'), // ew0K
      '{ "alg": "HS256", "typ": "JWT" }', // eyAi
      '{\t"alg":"HS256"}', // ewki
    ];
    const tokens = headers.map((h) => `${b64(h)}.${b64(JSON.stringify({ sub: 'alice' }, null, 2))}.${SIG}`);
    assert.deepEqual(tokens.map((t) => t.slice(0, 4)), ['ewog', 'ew0K', 'eyAi', 'ewki']);
    const lines = tokens.map((t) => `Authorization: Bearer ${t}`);
    assert.deepEqual(findTokens(lines.join('\n')).map((f) => f.text), tokens);
    const source = { lineCount: lines.length, lineText: (i: number) => lines[i] as string };
    assert.deepEqual(findTokensInLines(source, [{ startLine: 0, startCharacter: 0, endLine: 3, endCharacter: 1e9 }]).map((f) => f.text), tokens);
    for (let i = 0; i < tokens.length; i++) {
      assert.equal(tokenAtColumn(lines[i] as string, 30, 64 * 1024)?.text, tokens[i]);
      const t = ok(decodeToken(tokens[i] as string));
      assert.equal(t.alg, 'HS256');
    }
  });

  test('H106 whitespace before the brace: decoded when pasted, never looked for by the scanner', () => {
    for (const h of [' {"alg":"HS256"}', '\r\n{"alg":"HS256"}', '\t{"alg":"HS256"}']) {
      const token = `${b64(h)}.${C}.${SIG}`;
      assert.equal(ok(decodeToken(token)).alg, 'HS256');
      assert.deepEqual(findTokens(`x ${token} y`), []);
      assert.equal(tokenAtColumn(`x ${token} y`, 5, 64 * 1024), undefined);
    }
  });

  test('H107 the new starts add no false positives and stay linear on floods of them', () => {
    const negatives = ['a new.world.order', 'ewok.ewok.ewok', 'eyAwesome.x.y', 'ew0.1.2', `q${b64('{ "alg":"HS256"}')}.e30.sig`, `${b64('{\n"alg" "x"}')}.e30.sig`];
    for (const text of negatives) assert.deepEqual(findTokens(text), [], text);
    for (const flood of ['eyAi ewog ew0K ewki '.repeat(100_000), 'JAw'.repeat(400_000), 'ewog'.repeat(300_000) + '.a.b']) {
      const t0 = performance.now();
      findTokens(flood, 0, flood.length, { maxTokens: 1_000_000 });
      assert.ok(performance.now() - t0 < 2000);
    }
  });

  test('H108 a payload that is itself a pretty-printed token is recognised as nested', () => {
    const inner = `${b64(JSON.stringify({ alg: 'HS256' }, null, 2))}.${b64(JSON.stringify({ sub: 'x' }, null, 2))}.${SIG}`;
    const outer = `${b64('{"alg":"HS256","cty":"JWT"}')}.${b64(inner)}.${SIG}`;
    const t = ok(decodeToken(outer));
    assert.ok(t.findings.some((f) => f.code === 'NESTED_JWT'));
    const plain = `${b64('{"alg":"HS256"}')}.${b64(inner)}.${SIG}`;
    assert.ok(ok(decodeToken(plain)).findings.some((f) => f.code === 'NESTED_JWT'), 'found from the payload text, without cty');
  });
});
