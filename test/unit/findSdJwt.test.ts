// Finding SD-JWTs in text (findTokens, lineScan): one token from the
// issuer-signed JWT to the end of its disclosures or key-binding JWT, never a
// five-part JWE, never its key-binding JWT on its own.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { findTokens, MAX_SD_JWT_DISCLOSURES } from '../../src/core/token/findTokens';
import { findTokensInLines, tokenAtColumn } from '../../src/core/token/lineScan';

const JWT = 'eyJhbGciOiJFUzI1NiIsInR5cCI6ImRjK3NkLWp3dCJ9.eyJfc2QiOlsiYWJjIl0sImlzcyI6Imh0dHBzOi8vaXNzdWVyLmV4YW1wbGUifQ.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';
const KB = 'eyJhbGciOiJFUzI1NiIsInR5cCI6ImtiK2p3dCJ9.eyJub25jZSI6Im4iLCJzZF9oYXNoIjoiYWJjIn0.a2Itc2lnbmF0dXJl';
const D1 = 'WyJzYWx0MSIsImdpdmVuX25hbWUiLCJKb2huIl0';
const D2 = 'WyJzYWx0MiIsIkRFIl0';
const SD = `${JWT}~${D1}~${D2}~`;
const SD_KB = `${SD}${KB}`;
const NONE = `${JWT}~`;

const contexts: Array<[string, (t: string) => string]> = [
  ['whole text', (t) => t],
  ['double-quoted string', (t) => `const presentation = "${t}";`],
  ['JSON value', (t) => `{"vp_token":"${t}","state":"af0ifjsldkj"}`],
  ['form body', (t) => `vp_token=${t}&presentation_submission=x`],
  ['log line', (t) => `2026-03-02T10:15:42Z INFO got ${t} from wallet`],
  ['Authorization header', (t) => `Authorization: Bearer ${t}\r\n`],
  ['end of a sentence', (t) => `The wallet sent ${t}.`],
];

describe('findTokens: SD-JWT', () => {
  for (const [name, wrap] of contexts) {
    test(name, () => {
      for (const token of [SD, SD_KB, NONE]) {
        const text = wrap(token);
        const found = findTokens(text);
        assert.deepEqual(found.map((t) => [t.text, t.kind]), [[token, 'sd-jwt']], `${name}: ${text}`);
        assert.equal(found[0]?.start, text.indexOf(token));
        assert.equal(text.slice(found[0]!.start, found[0]!.end), token);
      }
    });
  }

  test('with a key-binding JWT it is not a five-part JWE, and the KB-JWT is not a token of its own', () => {
    const found = findTokens(`x ${SD_KB} y ${JWT} z`);
    assert.deepEqual(found.map((t) => t.kind), ['sd-jwt', 'jws']);
    assert.equal(found[0]?.text, SD_KB);
    // Only the key-binding JWT after a '~': the tail of an SD-JWT whose start is elsewhere.
    assert.deepEqual(findTokens(`~${KB}`), []);
  });

  test('a trailing sentence period after a key-binding JWT, or after the final "~", is not part of it', () => {
    assert.equal(findTokens(`see ${SD_KB}.`)[0]?.text, SD_KB);
    assert.equal(findTokens(`see ${SD}.`)[0]?.text, SD);
    // A key-binding JWT with an empty signature keeps its last dot.
    const emptySig = `${SD}${KB.slice(0, KB.lastIndexOf('.') + 1)}`;
    assert.equal(findTokens(emptySig)[0]?.text, emptySig);
  });

  test('a presentation that lost its final "~" is still found whole (decoding says what is wrong)', () => {
    const cut = `${JWT}~${D1}~${D2}`;
    assert.deepEqual(findTokens(`a ${cut} b`).map((t) => t.text), [cut]);
  });

  test('several presentations and plain tokens, in order', () => {
    const text = `${SD}\n${JWT} ${SD_KB},${NONE}`;
    const found = findTokens(text);
    assert.deepEqual(found.map((t) => t.text), [SD, JWT, SD_KB, NONE]);
    assert.deepEqual(found.map((t) => t.kind), ['sd-jwt', 'jws', 'sd-jwt', 'sd-jwt']);
  });

  test('bounded: over the token length limit or the disclosure cap, it is skipped whole', () => {
    const most = `${JWT}~${`${D2}~`.repeat(MAX_SD_JWT_DISCLOSURES)}`;
    assert.equal(findTokens(most)[0]?.text, most);
    const over = `${JWT}~${`${D2}~`.repeat(MAX_SD_JWT_DISCLOSURES + 1)}`;
    assert.deepEqual(findTokens(`${over} ${JWT}`).map((t) => t.text), [JWT]);
    assert.deepEqual(findTokens(`${SD} ${JWT}`, 0, undefined, { maxTokenLength: SD.length - 1 }).map((t) => t.text), [JWT]);
    assert.deepEqual(findTokens(SD, 0, undefined, { maxTokenLength: SD.length }).map((t) => t.text), [SD]);
  });

  test('windows: a position inside a disclosure or the key-binding JWT finds the whole presentation', () => {
    const text = `prefix ${SD_KB} suffix`;
    for (const inside of [text.indexOf(D1) + 3, text.indexOf(KB) + 5, text.indexOf(SD_KB) + SD_KB.length - 1]) {
      assert.equal(tokenAtColumn(text, inside, 64 * 1024)?.text, SD_KB, `column ${inside}`);
      assert.deepEqual(findTokens(text, inside, inside + 1).map((t) => t.text), [SD_KB]);
    }
    assert.equal(tokenAtColumn(text, 2, 64 * 1024), undefined);
    const lines = { lineCount: 2, lineText: (n: number) => (n === 0 ? 'nothing here' : text) };
    const found = findTokensInLines(lines, [{ startLine: 0, startCharacter: 0, endLine: 1, endCharacter: text.length }]);
    assert.deepEqual(found.map((t) => [t.line, t.start, t.kind]), [[1, text.indexOf(SD_KB), 'sd-jwt']]);
  });

  test('a run that is not an SD-JWT: a JWE or a bad header before "~", tildes elsewhere', () => {
    const jwe = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aXYtYnl0ZXMtaGVy.Y2lwaGVy.dGFnLWJ5dGVzLWhlcmU';
    assert.deepEqual(findTokens(`${jwe}~${D1}~`).map((t) => [t.text, t.kind]), [[jwe, 'jwe']]);
    assert.deepEqual(findTokens(`eyJub3QganNvbg.eyJ9.c2ln~${D1}~${KB}`), [], 'the header is not JSON, and the key-binding JWT is its tail');
    assert.deepEqual(findTokens(`~/home/${JWT}`).map((t) => t.kind), ['jws']);
    assert.deepEqual(findTokens(`${JWT} ~ ${D1}~`).map((t) => [t.text, t.kind]), [[JWT, 'jws']]);
  });
});
