import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  deceptiveKind,
  deceptiveKindsOf,
  describeDeceptiveKinds,
  firstDeceptiveChar,
  hasControlOrInvisible,
  KIND_BIDI,
  KIND_FILLER,
  KIND_INVISIBLE,
  KIND_TAG,
  KIND_VARIATION_SELECTOR,
} from '../../src/core/base/deceptiveChars';
import { decodeToken, generateKey, inspectJson, prettyJson, signToken, visibleText } from '../../src/core';
import { keyIdProblem, keyLabelProblem } from '../../src/keys/keyRingNames';

/** "k" + the character + "1": a kid that reads as "k1". */
const hide = (cp: number): string => `k${String.fromCodePoint(cp)}1`;

/** One of each family the issue names, plus the ones that were already in both tables. */
const HIDDEN: ReadonlyArray<[string, number]> = [
  ['word joiner', 0x2060],
  ['function application', 0x2061],
  ['invisible times', 0x2062],
  ['invisible separator', 0x2063],
  ['invisible plus', 0x2064],
  ['soft hyphen', 0x00ad],
  ['combining grapheme joiner', 0x034f],
  ['Mongolian vowel separator', 0x180e],
  ['Hangul choseong filler', 0x115f],
  ['Hangul jungseong filler', 0x1160],
  ['Hangul filler', 0x3164],
  ['halfwidth Hangul filler', 0xffa0],
  ['variation selector 1', 0xfe00],
  ['variation selector 16', 0xfe0f],
  ['variation selector 17 (astral)', 0xe0100],
  ['variation selector 256 (astral)', 0xe01ef],
  ['Mongolian free variation selector', 0x180b],
  ['tag space', 0xe0020],
  ['tag latin small a', 0xe0061],
  ['language tag', 0xe0001],
  ['cancel tag', 0xe007f],
  ['zero width space', 0x200b],
  ['zero width joiner', 0x200d],
  ['left-to-right mark', 0x200e],
  ['right-to-left override', 0x202e],
  ['first strong isolate', 0x2068],
  ['arabic letter mark', 0x061c],
  ['byte order mark', 0xfeff],
  ['line separator', 0x2028],
  ['escape', 0x1b],
  ['next line (C1)', 0x85],
  ['interlinear annotation anchor', 0xfff9],
  ['shorthand format letter overlap', 0x1bca0],
  ['musical symbol begin beam', 0x1d173],
];

describe('the deceptive-character table', () => {
  test('classifies every family the issue names', () => {
    assert.equal(deceptiveKind(0xe0041), KIND_TAG);
    assert.equal(deceptiveKind(0x3164), KIND_FILLER);
    assert.equal(deceptiveKind(0xfe0f), KIND_VARIATION_SELECTOR);
    assert.equal(deceptiveKind(0xe0100), KIND_VARIATION_SELECTOR);
    assert.equal(deceptiveKind(0x00ad), KIND_INVISIBLE);
    assert.equal(deceptiveKind(0x2064), KIND_INVISIBLE);
    assert.equal(deceptiveKind(0x202e), KIND_BIDI);
    for (const [name, cp] of HIDDEN) assert.notEqual(deceptiveKind(cp), 0, name);
  });

  test('leaves letters, emoji, CJK and visible spaces alone', () => {
    for (const s of ['ap-prod-2026', 'Ünïcödé', '😀', '日本語', '한국어', 'a b', 'tab-free', 'Ω≈ç√', '\u00a0', '\u2003', '𝔘']) {
      assert.equal(deceptiveKindsOf(s), 0, JSON.stringify(s));
    }
    // Neighbours of the ranges stay outside them.
    for (const cp of [0x9f + 1, 0x200a, 0x2010, 0x2027, 0x202f, 0x205f, 0x2070, 0xfdff, 0xfe10, 0xfffc, 0xe0080 - 0x80 - 1, 0xe1000, 0x1d172, 0x1d17b]) {
      assert.equal(deceptiveKind(cp), 0, cp.toString(16));
    }
  });

  test('astral characters are judged as code points, lone surrogates as such', () => {
    const tagged = `admin${String.fromCodePoint(0xe0069, 0xe0067, 0xe006e)}`; // "admin" + invisible "ign"
    assert.equal(deceptiveKindsOf(tagged), KIND_TAG);
    assert.deepEqual(firstDeceptiveChar(tagged), { index: 5, codePoint: 0xe0069, kind: KIND_TAG });
    assert.ok(describeDeceptiveKinds(deceptiveKindsOf('x\ud800')).includes('lone surrogates'));
  });
});

describe('one table for findings, escaping and refusals', () => {
  test('visibleText escapes every family; astral ones as a surrogate pair', () => {
    for (const [name, cp] of HIDDEN) {
      const shown = visibleText(hide(cp));
      assert.notEqual(shown, hide(cp), name);
      assert.ok(shown.startsWith('k\\u') && shown.endsWith('1'), `${name}: ${shown}`);
      assert.equal(JSON.parse(`"${shown}"`), hide(cp), `${name}: the escapes read back as the same text`);
    }
    assert.equal(visibleText(`ok${String.fromCodePoint(0xe0041)}`), 'ok\\uDB40\\uDC41');
    // A cut never splits an escaped pair.
    assert.equal(visibleText(`abcd${String.fromCodePoint(0xe0041)}`, 10), 'abcd…');
  });

  test('prettyJson escapes raw astral tag characters and variation selectors in literals, and the JSON stays the same value', () => {
    const value = { kid: `k1${String.fromCodePoint(0xe0041)}`, name: 'Ada\ufe0f', face: '😀' };
    const out = prettyJson(JSON.stringify(value));
    assert.ok(out.includes('"k1\\uDB40\\uDC41"'), out);
    assert.ok(out.includes('"Ada\\uFE0F"'), out);
    assert.ok(out.includes('😀'));
    assert.deepEqual(JSON.parse(out), value);
  });

  test('inspectJson flags them, raw or written as escapes (pairs joined)', () => {
    for (const text of [JSON.stringify({ kid: hide(0xe0041) }), '{"kid":"k\\udb40\\udc411"}', `{"kid":"k\\udb40${'\udc41'}1"}`, JSON.stringify({ kid: hide(0x3164) })]) {
      const r = inspectJson(text);
      assert.deepEqual(r.suspicious, ['/kid'], text);
    }
    assert.ok(inspectJson(JSON.stringify({ a: hide(0xe0041) })).suspiciousKinds.some((k) => k.startsWith('tag characters')));
    assert.deepEqual(inspectJson('{"s":"\\ud83d\\ude00"}').suspicious, []);
  });

  test('a kid the key import refuses is exactly a kid decoding flags (the U+2060 disagreement is gone)', async () => {
    for (const [name, cp] of HIDDEN) {
      const kid = hide(cp);
      const generated = await generateKey({ alg: 'HS256', kid });
      assert.equal(generated.ok, false, `${name}: refused as a kid`);
      if (!generated.ok) assert.match(generated.error.message, /U\+[0-9A-F]{4,5} \(/, name);
      assert.equal(hasControlOrInvisible(kid), true, `${name}: refused as a template kid`);
      const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid })).toString('base64url');
      const decoded = decodeToken(`${header}.e30.c2ln`);
      assert.ok(decoded.ok);
      if (decoded.ok) assert.ok(decoded.token.findings.some((f) => f.code === 'SUSPICIOUS_TEXT' && f.message.includes('/kid')), `${name}: flagged when decoded`);
    }
  });

  test('a plain kid is accepted everywhere and flagged nowhere', async () => {
    const generated = await generateKey({ alg: 'HS256', kid: 'k1' });
    assert.ok(generated.ok);
    if (!generated.ok) return;
    const signed = await signToken({ key: generated.key, claims: { sub: 'a' }, header: { kid: 'k1' } });
    assert.ok(signed.ok, signed.ok ? '' : signed.error.message);
    if (!signed.ok) return;
    const decoded = decodeToken(signed.token);
    assert.ok(decoded.ok && !decoded.token.findings.some((f) => f.code === 'SUSPICIOUS_TEXT'));
  });

  test('key ring ids and labels', () => {
    assert.match(keyIdProblem('ap\u2060prod', []) ?? '', /U\+2060 \(an invisible \(zero-width\) character\) at position 3.*letters, digits/);
    assert.match(keyIdProblem(`ap${String.fromCodePoint(0xe0041)}`, []) ?? '', /U\+E0041 \(a tag character/);
    assert.match(keyIdProblem('kéy', []) ?? '', /^Use letters, digits/);
    assert.equal(keyLabelProblem('Production signing key (2026) 🔑'), undefined);
    assert.equal(keyLabelProblem('Schlüssel für Staging'), undefined);
    for (const [name, cp] of HIDDEN) assert.match(keyLabelProblem(`Prod ${hide(cp)}`) ?? '', /The label contains U\+/, name);
  });
});
