import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { findTokens, mayHoldToken, startsLikeHeader } from '../../src/core/token/findTokens';
import { findTokensInLines, tokenAtColumn } from '../../src/core/token/lineScan';
import { decodeToken } from '../../src/core/token/decode';
import type { FoundToken } from '../../src/core/token/findTokens';
import { loadVectors } from '../conformance/conformanceFiles';

const A1 =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const C = 'eyJzdWIiOiJhbGljZSIsImFkbWluIjpmYWxzZSwiaWF0IjoxNzAwMDAwMDAwfQ';
const HS = 'eyJhbGciOiJIUzI1NiJ9';
const UNSIGNED = `eyJhbGciOiJub25lIn0.${C}.`;
const JWE =
  'eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ.AxY8DCtDaGlsbGljb3RoZQ.KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY.U0m_YmjN04DJvceFICbCVQ';

function texts(found: FoundToken[]): string[] {
  return found.map((t) => t.text);
}

function assertConsistent(text: string, found: FoundToken[]): void {
  for (const t of found) {
    assert.ok(t.start >= 0 && t.end <= text.length && t.start < t.end);
    assert.equal(text.slice(t.start, t.end), t.text);
  }
}

describe('findTokens: contexts', () => {
  const contexts: Array<[string, (t: string) => string]> = [
    ['double-quoted string', (t) => `const token = "${t}";`],
    ['single-quoted string', (t) => `token = '${t}'`],
    ['template literal', (t) => 'fetch(url, { headers: { a: `' + t + '` } })'],
    ['JSON value', (t) => `{"access_token":"${t}","token_type":"Bearer"}`],
    ['log line', (t) => `2026-03-02T10:15:42Z INFO issued token=${t} user=42`],
    ['query string', (t) => `https://app.example.com/embed?token=${t}&theme=dark`],
    ['fragment', (t) => `https://app.example.com/#token=${t}`],
    ['&jwt=', (t) => `https://x.example/sso?a=1&jwt=${t}`],
    ['Authorization header', (t) => `Authorization: Bearer ${t}\r\nHost: example.com`],
    ['.env line', (t) => `JWT_TOKEN=${t}\nOTHER=1`],
    ['whole text', (t) => t],
    ['markdown link', (t) => `[token](${t})`],
    ['after a comma', (t) => `a,${t},b`],
    ['after non-ASCII', (t) => `é${t}é`],
    ['path segment', (t) => `/api/verify/${t}/done`],
  ];
  for (const [name, wrap] of contexts) {
    test(name, () => {
      for (const token of [A1, UNSIGNED, JWE]) {
        const text = wrap(token);
        const found = findTokens(text);
        assertConsistent(text, found);
        assert.deepEqual(texts(found), [token], `${name}: ${text}`);
        assert.equal(found[0]?.start, text.indexOf(token));
        assert.equal(found[0]?.kind, token === JWE ? 'jwe' : 'jws');
      }
    });
  }

  test('several tokens in one text, in order, with absolute offsets', () => {
    const text = `a ${A1}\nb "${UNSIGNED}" c ${JWE} d`;
    const found = findTokens(text);
    assert.deepEqual(texts(found), [A1, UNSIGNED, JWE]);
    assert.deepEqual(
      found.map((t) => [t.start, t.end]),
      [A1, UNSIGNED, JWE].map((t) => [text.indexOf(t), text.indexOf(t) + t.length]),
    );
  });

  test('every compact RFC vector is found inside text', () => {
    const vectors = loadVectors().filter((v) => /^[A-Za-z0-9_.-]+$/.test(v.token));
    assert.ok(vectors.length >= 30);
    for (const v of vectors) {
      const text = `x = "${v.token}";`;
      const found = findTokens(text);
      assert.deepEqual(texts(found), [v.token], v.id);
      assert.equal(found[0]?.kind, v.token.split('.').length === 5 ? 'jwe' : 'jws', v.id);
    }
  });
});

describe('findTokens: what counts as a token', () => {
  test('unsigned tokens (empty signature) are tokens', () => {
    assert.deepEqual(texts(findTokens(`t=${UNSIGNED} `)), [UNSIGNED]);
  });

  test('detached payloads (empty middle segment) are tokens', () => {
    const t = 'eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNGJjNzAzNyJ9..s0h6KThzkfBBBkLspW1h84VsJZFTsPPqMDA7g1Md7p0';
    assert.deepEqual(texts(findTokens(`"${t}"`)), [t]);
  });

  test('a trailing sentence period is not part of the token', () => {
    assert.deepEqual(texts(findTokens(`See ${A1}.`)), [A1]);
    assert.deepEqual(texts(findTokens(`See ${JWE}. Next`)), [JWE]);
    // Unsigned token followed by a period: the token keeps its own final dot.
    assert.deepEqual(texts(findTokens(`See ${UNSIGNED}.`)), [UNSIGNED]);
  });

  test('4- and 6+-segment runs are not tokens', () => {
    assert.deepEqual(findTokens(`${A1}.AAAA`), []);
    assert.deepEqual(findTokens(`${JWE}.AAAA`), []);
    assert.deepEqual(findTokens(`${JWE}.AAAA.BBBB.CCCC`), []);
    assert.deepEqual(findTokens(`${A1}.a.b.c.d.e.f.g`), []);
  });

  test('five segments need a header with enc, and a non-empty iv and tag', () => {
    assert.deepEqual(findTokens(`${HS}.a.b.c.d`), []);
    const [h, k, iv, ct, tag] = JWE.split('.');
    assert.deepEqual(findTokens([h, k, '', ct, tag].join('.')), []);
    assert.deepEqual(findTokens([h, k, iv, ct, ''].join('.')), []);
    assert.deepEqual(texts(findTokens([h, '', iv, ct, tag].join('.'))), [[h, '', iv, ct, tag].join('.')]);
  });

  test('no false positives', () => {
    const negatives = [
      'eyJfoo.bar.baz',
      'eyJhbGciOiJIUzI1NiJ9',
      `${HS}.${C}`,
      'version 1.2.3 and 10.0.0.1 and v2.14.0',
      'www.example.com and api.eyJ.example.org',
      'eyJ.eyJ.eyJ',
      'eyJhbGciOiJIUzI1NiJ9+abc/def.ghi.jkl',
      'aGVsbG8gd29ybGQgdGhpcyBpcyBwbGFpbiBiYXNlNjQ=.eyJhbGciOiJIUzI1NiJ9.x',
      `x${A1}`,
      `_${A1}`,
      `-${A1}`,
      `.${A1}`,
      `9${A1}`,
      'eyJhbGciOiJIUzI1NiJ9x.e30.sig',
      'eyJbMSwyXQ.e30.sig', // header decodes to `{"[` garbage
      'eyJhIjoxfQ.a.b'.replace('eyJhIjoxfQ', 'eyJhIjox'), // {"a":1 (truncated JSON)
      'W3siYSI6MX1d.e30.sig', // a JSON array header does not start with eyJ anyway
      'eyJzdWIiOiJhbGljZSJ9 . e30 . sig',
      'the eyes have it; eyJust kidding',
    ];
    for (const text of negatives) assert.deepEqual(findTokens(text), [], text);
  });

  test('polyglot JSON serialization (H19): only the compact token inside it', () => {
    const doc =
      '{"eyJhbGciOiJIUzI1NiJ9.eyJhZG1pbiI6dHJ1ZX0.":"","protected":"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9","payload":"eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ","signature":"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"}';
    const found = findTokens(doc);
    assertConsistent(doc, found);
    assert.deepEqual(
      found.map((t) => [t.start, t.text, t.kind]),
      [[2, 'eyJhbGciOiJIUzI1NiJ9.eyJhZG1pbiI6dHJ1ZX0.', 'jws']],
    );
  });

  test('header JSON must be an object, strictly (no BOM, no trailing garbage)', () => {
    const enc = (s: string) => Buffer.from(s).toString('base64url');
    assert.deepEqual(findTokens(`${enc('{"alg":"HS256"} x')}.e30.sig`), []);
    assert.deepEqual(findTokens(`${enc('{"alg":"HS256",}')}.e30.sig`), []);
    assert.deepEqual(findTokens(`${enc('{"alg":"HS\u0001"}')}.e30.sig`), []);
    assert.equal(findTokens(`${enc('{"alg":"HS256","x":"é"}')}.e30.sig`).length, 1);
    // Whitespace before the '{' is not looked for (see the header of findTokens.ts); inside it, it is.
    assert.equal(findTokens(`${enc(' {"alg":"HS256"}')}.e30.sig`).length, 0);
    assert.equal(findTokens(`${enc('\r\n{"alg":"HS256"}')}.e30.sig`).length, 0);
    assert.equal(findTokens(`${enc('{ "alg":"HS256"}')}.e30.sig`).length, 1);
    assert.equal(findTokens(`${enc('{"alg" : "x" , "n":[1,{"a":null}]}\r\n')}.e30.sig`).length, 1);
    // Invalid UTF-8 inside the header string.
    const bad = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]).toString('base64url');
    assert.deepEqual(findTokens(`${bad}.e30.sig`), []);
    // A top-level enc spelled with an escape still makes it a JWE header.
    const escaped = enc('{"alg":"dir","\\u0065nc":"A128GCM"}');
    assert.equal(findTokens(`${escaped}..aXY.Y3Q.dGFn`)[0]?.kind, 'jwe');
    // enc that is not a string does not.
    assert.deepEqual(findTokens(`${enc('{"alg":"dir","enc":1}')}..aXY.Y3Q.dGFn`), []);
  });

  test('headers nested deeper than 64 levels are not headers', () => {
    const deep = Buffer.from('{"a":' + '['.repeat(70) + ']'.repeat(70) + '}').toString('base64url');
    assert.deepEqual(findTokens(`${deep}.e30.sig`), []);
  });
});

describe('findTokens: windows and limits', () => {
  const text = `first ${A1} middle ${UNSIGNED} last ${JWE} end`;
  const a1 = text.indexOf(A1);
  const un = text.indexOf(UNSIGNED);
  const jwe = text.indexOf(JWE);

  test('a window returns only overlapping tokens, whole', () => {
    assert.deepEqual(texts(findTokens(text, a1 + 10, a1 + 11)), [A1]);
    assert.deepEqual(texts(findTokens(text, un + 5, jwe + 5)), [UNSIGNED, JWE]);
    assert.deepEqual(texts(findTokens(text, 0, 3)), []);
    assert.deepEqual(texts(findTokens(text, a1 + A1.length, un)), []);
    assert.deepEqual(texts(findTokens(text, a1 + A1.length - 1, un + 1)), [A1, UNSIGNED]);
  });

  test('an empty window finds the token at that position', () => {
    assert.deepEqual(texts(findTokens(text, un + 20, un + 20)), [UNSIGNED]);
    assert.deepEqual(texts(findTokens(text, un, un)), [UNSIGNED]);
    assert.deepEqual(texts(findTokens(text, 2, 2)), []);
  });

  test('windowed results are a subset of the full scan', () => {
    const full = findTokens(text);
    for (let from = 0; from < text.length; from += 17) {
      for (const width of [0, 1, 40, 400]) {
        for (const t of findTokens(text, from, from + width)) {
          assert.ok(full.some((f) => f.start === t.start && f.end === t.end));
        }
      }
    }
  });

  test('out-of-range and odd arguments are clamped, never thrown', () => {
    assert.equal(findTokens(text, -100, 1e12).length, 3);
    assert.equal(findTokens(text, NaN, undefined).length, 3);
    assert.equal(findTokens(text, 50, 10).length, findTokens(text, 50, 50).length);
    assert.deepEqual(findTokens(undefined as unknown as string), []);
    assert.deepEqual(findTokens(''), []);
  });

  test('maxTokens stops early', () => {
    assert.deepEqual(texts(findTokens(text, 0, text.length, { maxTokens: 2 })), [A1, UNSIGNED]);
    assert.deepEqual(findTokens(text, 0, text.length, { maxTokens: 0 }), []);
  });

  test('runs longer than maxTokenLength are skipped', () => {
    const long = `${HS}.${'A'.repeat(5000)}.sig`;
    assert.deepEqual(findTokens(`x ${long} ${A1}`, 0, undefined, { maxTokenLength: 1000 }).map((t) => t.text), [A1]);
    assert.equal(findTokens(long, 0, undefined, { maxTokenLength: 6000 }).length, 1);
  });

  test('a token crossing the window start is found by looking back', () => {
    const padded = 'x'.repeat(5000) + ' ' + A1 + ' ' + 'y'.repeat(5000);
    const start = padded.indexOf(A1);
    assert.deepEqual(texts(findTokens(padded, start + A1.length - 2, start + A1.length)), [A1]);
  });
});

const enc = (s: string): string => Buffer.from(s).toString('base64url');
const HEADER = { alg: 'HS256', typ: 'JWT' };
const CLAIMS = { sub: 'alice', iat: 1700000000 };

/** The header layouts JSON serialisers and people write, with the start each one has in base64url. */
const LAYOUTS: ReadonlyArray<[string, string, string]> = [
  ['JSON.stringify(h, null, 2)', JSON.stringify(HEADER, null, 2), 'ewog'],
  ['four spaces', JSON.stringify(HEADER, null, 4), 'ewog'],
  ['tab indent', JSON.stringify(HEADER, null, '\t'), 'ewoJ'],
  ['CRLF (PowerShell ConvertTo-Json)', JSON.stringify(HEADER, null, 4).replace(/\n/g, '\r\n'), 'ew0K'],
  ['one space after {', '{ "alg": "HS256", "typ": "JWT" }', 'eyAi'],
  ['two spaces after {', '{  "alg":"HS256"}', 'eyAg'],
  ['tab after {', '{\t"alg":"HS256"}', 'ewki'],
  ['newline then quote', '{\n"alg":"HS256"}', 'ewoi'],
  ['space then newline', '{ \n  "alg":"HS256"\n}', 'eyAK'],
  ['CR alone', '{\r"alg":"HS256"}', 'ew0i'],
  ['compact, for comparison', JSON.stringify(HEADER), 'eyJh'],
];

describe('findTokens: headers with whitespace after the brace (H105)', () => {
  for (const [name, header, start] of LAYOUTS) {
    test(name, () => {
      const h = enc(header);
      assert.equal(h.slice(0, 4), start);
      assert.ok(startsLikeHeader(h));
      for (const payload of [enc(JSON.stringify(CLAIMS)), enc(JSON.stringify(CLAIMS, null, 2))]) {
        const token = `${h}.${payload}.c2lnbmF0dXJl`;
        for (const wrap of [(t: string) => t, (t: string) => `Authorization: Bearer ${t}\r\n`, (t: string) => `{"access_token":"${t}"}`, (t: string) => `https://x.example/?jwt=${t}&a=1`, (t: string) => `See ${t}.`]) {
          const text = wrap(token);
          const found = findTokens(text);
          assertConsistent(text, found);
          assert.deepEqual(texts(found), [token], text);
          // decodeToken reads exactly what the scanner found.
          const decoded = decodeToken(token);
          assert.ok(decoded.ok && decoded.token.header.alg === 'HS256', name);
        }
      }
      const jwe = `${enc(header.replace('"HS256"', '"dir", "enc": "A128GCM"'))}..aXY.Y3Q.dGFn`;
      assert.deepEqual(findTokens(`x ${jwe} y`).map((t) => [t.text, t.kind]), [[jwe, 'jwe']]);
    });
  }

  test('every adapter path finds the same tokens: hover, line scans, the pre-check', () => {
    const tokens = LAYOUTS.map(([, header]) => `${enc(header)}.${enc(JSON.stringify(CLAIMS, null, 2))}.c2ln`);
    const lines = tokens.map((t, i) => (i % 2 ? `const token${i} = "${t}";` : `  jwt: ${t}`));
    const source = { lineCount: lines.length, lineText: (i: number) => lines[i] as string };
    const inLines = findTokensInLines(source, [{ startLine: 0, startCharacter: 0, endLine: lines.length - 1, endCharacter: Number.MAX_SAFE_INTEGER }]);
    assert.deepEqual(inLines.map((t) => t.text), tokens);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      const at = line.indexOf(tokens[i] as string);
      assert.ok(mayHoldToken(line), line);
      for (const column of [at, at + 5, at + (tokens[i] as string).length - 1]) assert.equal(tokenAtColumn(line, column, 64 * 1024)?.text, tokens[i], `${i}:${column}`);
      assert.deepEqual(texts(findTokens(line)), [tokens[i]]);
    }
  });

  test('no new false positives: the new starts still need a run start, 3 or 5 segments and a JSON object header', () => {
    const negatives = [
      'a new.world.order and ewok.ewok.ewok',
      'eyAwesome.x.y',
      'ew0.1.2 and ewk.a.b and ewo.c.d',
      'eyA.eyA.eyA',
      `x${enc('{ "alg":"HS256"}')}.e30.sig`, // inside a longer run
      `.${enc('{\n "alg":"HS256"}')}.e30.sig`,
      `${enc('{ "alg":"HS256"} x')}.e30.sig`, // trailing garbage
      `${enc('{ "alg" "HS256"}')}.e30.sig`, // not JSON
      `${enc('{\n]')}.e30.sig`,
      `${enc('{ }')}.e30.sig`.replace(/^/, 'q'),
      `${enc('{\t"alg":"HS256"}')}.e30`, // two segments
      `${enc('{\r\n"alg":"dir"}')}..aXY.Y3Q.dGFn`, // five segments without enc
      'the crew woke; Awkward Ewoks. AWAY',
      'www.example.com/new.path.here',
    ];
    for (const text of negatives) assert.deepEqual(findTokens(text), [], text);
    assert.equal(mayHoldToken('const a = 1; // nothing here'), false);
    assert.equal(mayHoldToken('a new line'), true); // the pre-check may say yes; the scan decides
    assert.equal(mayHoldToken('eyJ x', 3), false); // from a column on
    assert.equal(mayHoldToken('x eyAi', 2), true);
  });
});

describe('findTokens: linear time on adversarial text', () => {
  const cases: Array<[string, string]> = [
    ['eyJ repeated with no dots', 'eyJa '.repeat(200_000)],
    ['dotless candidates, one dot at the very end', 'eyJhbGciOiJIUzI1NiJ9 '.repeat(100_000) + '.'],
    ['eyJ glued together', 'eyJ'.repeat(300_000)],
    ['dots everywhere', 'eyJhbGciOiJIUzI1NiJ9.'.repeat(50_000)],
    ['many short dotted runs', 'eyJ.a.b '.repeat(150_000)],
    ['header-only candidates', `${HS}.x.y `.repeat(100_000)],
    ['one huge run', 'eyJ' + 'A'.repeat(2_000_000) + '.b.c'],
    ['whitespace starts repeated with no dots', 'eyAi ewog ew0K ewki '.repeat(75_000)],
    ['whitespace starts glued together', 'ewogeyAi'.repeat(150_000)],
    ['every anchor character, nothing else', 'JAw'.repeat(300_000)],
    ['anchors after e, no tokens', 'eA ew eyAx.ewo.ew0k '.repeat(60_000)],
    ['one huge run after a whitespace start', 'ewog' + 'w'.repeat(2_000_000) + '.b.c'],
  ];
  for (const [name, text] of cases) {
    test(name, () => {
      const t0 = performance.now();
      const found = findTokens(text, 0, text.length, { maxTokens: 1_000_000 });
      const ms = performance.now() - t0;
      assertConsistent(text, found);
      assert.ok(ms < 1500, `${name}: ${ms.toFixed(0)} ms`);
    });
  }
});
