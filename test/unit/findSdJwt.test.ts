// Finding SD-JWTs in text (findTokens, lineScan): one token from the
// issuer-signed JWT to the end of its disclosures or key-binding JWT, never a
// five-part JWE, never its key-binding JWT on its own.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { findTokens, MAX_SD_JWT_DISCLOSURES } from '../../src/core/token/findTokens';
import { findTokensInLines, tokenAtColumn } from '../../src/core/token/lineScan';
import { decodeToken } from '../../src/core/token/decode';
import { readJson } from '../conformance/conformanceFiles';

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
    // After a '~' that no issuer-signed JWT precedes, the key-binding JWT is a JWT like any other.
    assert.deepEqual(findTokens(`~${KB}`).map((t) => t.kind), ['jws']);
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

  test('a "~" that is punctuation next to a plain JWT leaves it a plain JWT', () => {
    const plain = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    for (const text of [`~~${plain}~~ and more`, `a~${plain}`, `old: ${plain}~~ text`, `${plain}~5 min`, `cd ${plain}~/x`, `${plain}~~.`, `~${plain}~~~`]) {
      assert.deepEqual(findTokens(text).map((t) => [t.text, t.kind]), [[plain, 'jws']], text);
    }
    // Tildes closing a strikethrough after a presentation are not part of it.
    assert.deepEqual(findTokens(`~~${SD}~~`).map((t) => t.text), [SD]);
    assert.deepEqual(findTokens(`~~${SD_KB}~~.`).map((t) => t.text), [SD_KB]);
    assert.deepEqual(findTokens(`a~${SD_KB} b`).map((t) => t.text), [SD_KB]);
  });

  test('the RFC 9901 presentations are found whole in text, with and without a key-binding JWT', () => {
    const rfc = readJson('sd-jwt/rfc9901.json') as { examples: Array<{ id: string; kind: string; text: string }> };
    const presentations = rfc.examples.filter((e) => e.kind !== 'issuer-signed-jwt');
    assert.ok(presentations.some((e) => e.kind === 'sd-jwt+kb') && presentations.some((e) => e.kind === 'sd-jwt'));
    for (const e of presentations) {
      for (const text of [e.text, `~~${e.text}~~`, `vp_token=${e.text}&x=1`, `see ${e.text}.`]) {
        assert.deepEqual(findTokens(text).map((t) => [t.text, t.kind]), [[e.text, 'sd-jwt']], e.id);
      }
    }
  });

  test('a scan that starts inside a presentation (look-back cut short) reports no part of it as a token', () => {
    const middle = `${JWT}~${D1}~${JWT}~${D2}~${KB}`;
    for (const presentation of [SD_KB, middle]) {
      const text = `prefix ${presentation} suffix`;
      const kb = text.indexOf(KB);
      const inner = text.indexOf(JWT, text.indexOf(JWT) + 1);
      for (const at of [kb, kb + 5, inner > 0 ? inner + 3 : kb]) {
        // The look-back of maxTokenLength ends inside the presentation, which is then too long to be found.
        for (const maxTokenLength of [at - text.indexOf(presentation) - 2, 60, KB.length + 2]) {
          assert.deepEqual(findTokens(text, at, at + 1, { maxTokenLength }), [], `${at} ${maxTokenLength}`);
          assert.equal(tokenAtColumn(text, at, maxTokenLength), undefined, `column ${at} ${maxTokenLength}`);
        }
        assert.equal(tokenAtColumn(text, at, 64 * 1024)?.text, presentation);
      }
    }
    // A run that does not start with an issuer-signed JWT: the JWT after its '~' is found from inside it too.
    const text = `x abc~def~${JWT} y`;
    const at = text.indexOf(JWT) + 4;
    assert.deepEqual(findTokens(text, at, at + 1, { maxTokenLength: JWT.length + 4 }).map((t) => t.text), [JWT]);
  });

  test('the scanner and the decoder agree on the disclosure cap, empty parts counted too', () => {
    for (const [empty, found] of [[MAX_SD_JWT_DISCLOSURES - 1, true], [MAX_SD_JWT_DISCLOSURES, false], [1500, false], [2100, false]] as const) {
      const text = `${JWT}~${'~'.repeat(empty)}${D2}~`;
      const hits = findTokens(text);
      const decoded = decodeToken(text);
      const tooLarge = !decoded.ok && decoded.error.code === 'TOO_LARGE';
      assert.equal(hits.length === 1 && hits[0]?.text === text, found, `${empty} empty parts`);
      assert.equal(tooLarge, !found, `${empty} empty parts`);
    }
  });
});
