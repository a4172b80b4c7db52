// Random and mutated input for the decode side: nothing throws, nothing
// hangs, offsets are always consistent, and the scanner and decoder agree.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findTokens } from '../../src/core/token/findTokens';
import type { FoundToken } from '../../src/core/token/findTokens';
import { decodeToken } from '../../src/core/token/decode';
import { inspectJson, prettyJson, visibleText } from '../../src/core/text/json';
import { describeTimes } from '../../src/core/token/times';
import { loadVectors, readJson } from '../conformance/conformanceFiles';

const TIMEOUT = { timeout: 20_000 };
const SEED = { seed: 20260302 };

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyText = fc.string({ unit: codeUnit, maxLength: 200 });
/** Text dense in the characters that hide things, astral ones (tags, supplementary variation selectors) whole. */
const hidingUnit = fc.oneof(
  codeUnit,
  fc.constantFrom('\u2060', '\u2063', '\u00ad', '\u034f', '\u180e', '\u3164', '\uffa0', '\ufe0f', '\u200d', '\u202e', '😀', 'a'),
  fc.integer({ min: 0xe0000, max: 0xe01ef }).map((cp) => String.fromCodePoint(cp)),
);
const hidingText = fc.string({ unit: hidingUnit, maxLength: 120 });
const tokenishChar = fc.constantFrom(...'eyJ.abcXYZ019-_ \n"=+/{}Awko~'.split(''));
const tokenishText = fc.string({ unit: tokenishChar, maxLength: 300 });

const realTokens = loadVectors()
  .map((v) => v.token)
  .filter((t) => /^[A-Za-z0-9_.-]+$/.test(t))
  .concat([
    'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.',
    'eyJhbGciOiJIUzI1NiJ9..OseJwguM7Xc9AlxQtHOCBgo6qFRlXh5mw2ZmelT4y44',
  ])
  // SD-JWTs, with and without a key-binding JWT (RFC 9901 §5, A.1).
  .concat((readJson('sd-jwt/rfc9901.json') as { examples: Array<{ text: string }> }).examples.map((e) => e.text).filter((t) => t.length < 2500));
const realToken = fc.constantFrom(...realTokens);

const b64url = (s: string): string => Buffer.from(s).toString('base64url');
/** Headers and payloads as serialisers lay them out: compact, indented, CRLF, spaces or tabs after the brace. */
const jsonLayout = fc.constantFrom<(v: unknown) => string>(
  (v) => JSON.stringify(v),
  (v) => JSON.stringify(v, null, 2),
  (v) => JSON.stringify(v, null, 4).replace(/\n/g, '\r\n'),
  (v) => JSON.stringify(v, null, '\t'),
  (v) => JSON.stringify(v).replace(/^\{/, '{ ').replace(/\}$/, ' }'),
  (v) => JSON.stringify(v).replace(/^\{/, '{  '),
  (v) => JSON.stringify(v).replace(/^\{/, '{\t'),
  (v) => JSON.stringify(v).replace(/^\{/, '{\r'),
  (v) => JSON.stringify(v).replace(/^\{/, ' {'), // leading whitespace: never looked for
);
const laidOutToken = fc
  .tuple(jsonLayout, jsonLayout, fc.constantFrom('HS256', 'RS256', 'none', 'dir'), fc.string({ maxLength: 6 }), fc.boolean())
  .map(([headerLayout, payloadLayout, alg, sub, jwe]) =>
    jwe
      ? `${b64url(headerLayout({ alg: 'dir', enc: 'A128GCM' }))}..aXY.Y3Q.dGFn`
      : `${b64url(headerLayout({ alg, typ: 'JWT' }))}.${b64url(payloadLayout({ sub }))}.${alg === 'none' ? '' : 'c2ln'}`,
  );

/**
 * What findTokens must return, written the slow, obvious way: every maximal
 * run of base64url and dots that starts like a header, has 3 or 5 segments
 * (one trailing period dropped), a header that is a JSON object, and for 5
 * segments a string enc and a non-empty IV and tag. In a run of base64url,
 * dots and tildes each part between tildes is looked at in turn; the first
 * such 3-segment part that starts like a header and is followed by '~' is an
 * SD-JWT to the run's end (one trailing period dropped unless its last part
 * has exactly two dots, tildes after the first at the end dropped, kept
 * before them only when the part before has no dot), and nothing after it
 * is a token; but when the rest is only tildes (more than one, or one
 * before '/') or one part without a dot, it is a plain JWS.
 */
function referenceTokens(text: string): string[] {
  const out: string[] = [];
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const headerOk = (head: string, jwe: boolean): boolean => {
    if (!/^e(yJ|yA|w[ok0])/.test(head) || head.length % 4 === 1) return false;
    let header: unknown;
    try {
      header = JSON.parse(strict.decode(Buffer.from(head, 'base64url')));
    } catch {
      return false;
    }
    if (header === null || typeof header !== 'object' || Array.isArray(header)) return false;
    return !jwe || typeof (header as { enc?: unknown }).enc === 'string';
  };
  const plain = (part: string): string | undefined => {
    let run = part;
    let segments = run.split('.');
    if ((segments.length === 4 || segments.length === 6) && run.endsWith('.')) {
      run = run.slice(0, -1);
      segments = run.split('.');
    }
    if (segments.length !== 3 && segments.length !== 5) return undefined;
    if (!headerOk(segments[0] as string, segments.length === 5)) return undefined;
    if (segments.length === 5 && (segments[2] === '' || segments[4] === '')) return undefined;
    return run;
  };
  /** The SD-JWT text, 'plain' when the tildes are punctuation, undefined when the run is skipped whole. */
  const presentation = (jwt: string, rest: string[], next: string): string | 'plain' | undefined => {
    const restText = rest.join('~');
    if (/^\.?$/.test(restText.replaceAll('~', ''))) {
      return rest.length > 1 || next === '/' ? 'plain' : `${jwt}~`;
    }
    if (!headerOk(jwt.split('.')[0] as string, false) || rest.length > 1001) return undefined;
    let whole = `${jwt}~${restText}`;
    if (whole.endsWith('.') && (rest[rest.length - 1] as string).split('.').length !== 3) whole = whole.slice(0, -1);
    const trailing = /~~+$/.exec(whole);
    if (trailing) {
      const before = whole.slice(0, trailing.index);
      return before.slice(before.lastIndexOf('~') + 1).includes('.') ? before : `${before}~`;
    }
    return rest.length === 1 && !whole.slice(jwt.length + 1).includes('.') ? 'plain' : whole;
  };
  for (const m of text.matchAll(/[A-Za-z0-9_.~-]+/g)) {
    const parts = m[0].split('~');
    const next = text.charAt((m.index ?? 0) + m[0].length);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (i < parts.length - 1 && part.split('.').length === 3 && /^e(yJ|yA|w[ok0])/.test(part)) {
        const found = presentation(part, parts.slice(i + 1), next);
        if (found !== 'plain') {
          if (found !== undefined) out.push(found);
          break;
        }
      }
      const token = plain(part);
      if (token !== undefined) out.push(token);
    }
  }
  return out;
}

type Edit = { kind: 'insert' | 'delete' | 'replace'; at: number; length: number; text: string };
const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'replace'),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 8 }),
  text: fc.oneof(anyText.map((s) => s.slice(0, 4)), fc.constantFrom('.', ' ', '\n', 'eyJ', '=', '..', 'é', '\u202e')),
});

function applyEdits(token: string, edits: Edit[]): string {
  let s = token;
  for (const e of edits) {
    const at = s.length === 0 ? 0 : e.at % (s.length + 1);
    if (e.kind === 'insert') s = s.slice(0, at) + e.text + s.slice(at);
    else if (e.kind === 'delete') s = s.slice(0, at) + s.slice(at + e.length);
    else s = s.slice(0, at) + e.text + s.slice(at + e.length);
  }
  return s;
}

const mutatedToken = fc.tuple(realToken, fc.array(edit, { maxLength: 4 })).map(([t, edits]) => applyEdits(t, edits));
const contextual = fc.tuple(fc.array(fc.oneof(anyText, tokenishText, realToken, mutatedToken), { minLength: 1, maxLength: 6 }), fc.constantFrom(' ', '"', '\n', '&token=', '.', '', 'Bearer ')).map(([parts, sep]) => parts.join(sep));

/** Errors decodeToken may give for something the scanner found (payload or signature trouble only). */
const HEADER_ERRORS = new Set(['EMPTY', 'BAD_SEGMENT_COUNT', 'BAD_CHARACTERS', 'BAD_UTF8', 'HEADER_NOT_JSON', 'HEADER_NOT_OBJECT', 'HEADER_TOO_DEEP', 'NOT_COMPACT', 'TOO_LARGE', 'INTERNAL']);

function checkFound(text: string, found: FoundToken[]): void {
  let previousEnd = -1;
  for (const t of found) {
    assert.ok(Number.isInteger(t.start) && Number.isInteger(t.end));
    assert.ok(t.start >= 0 && t.start < t.end && t.end <= text.length);
    assert.equal(text.slice(t.start, t.end), t.text);
    assert.ok(t.start >= previousEnd, 'tokens do not overlap and come in order');
    previousEnd = t.end;
    const r = decodeToken(t.text);
    if (!r.ok) {
      assert.ok(!HEADER_ERRORS.has(r.error.code), `${r.error.code}: ${r.error.message} for ${t.text}`);
      assert.match(r.error.message, /payload/);
    } else {
      assert.equal(r.token.token, t.text);
      assert.equal(r.token.kind === 'jwe', t.kind === 'jwe');
    }
  }
}

describe('property: findTokens', () => {
  test('random text: never throws, offsets consistent, every token decodes to its header', TIMEOUT, () => {
    fc.assert(
      fc.property(fc.oneof(anyText, tokenishText, contextual), (text) => {
        checkFound(text, findTokens(text));
      }),
      { ...SEED, numRuns: 600 },
    );
  });

  test('mutated real tokens in context', TIMEOUT, () => {
    fc.assert(
      fc.property(contextual, (text) => {
        checkFound(text, findTokens(text));
      }),
      { ...SEED, numRuns: 600 },
    );
  });

  test('unmutated real tokens are always found whole', TIMEOUT, () => {
    fc.assert(
      fc.property(realToken, fc.constantFrom(' ', '"', "'", '\n', '=', '(', ',', '&', '<'), fc.constantFrom(' ', '"', "'", '\n', '&', ')', ',', '<', '. '), (token, before, after) => {
        const text = `abc${before}${token}${after}xyz`;
        const found = findTokens(text);
        assert.deepEqual(found.map((t) => t.text), [token]);
      }),
      { ...SEED, numRuns: 300 },
    );
  });

  test('finds exactly what the slow reference finds, whitespace-laid-out headers included', TIMEOUT, () => {
    const mixed = fc
      .tuple(fc.array(fc.oneof(laidOutToken, tokenishText, realToken, mutatedToken, laidOutToken.map((t) => applyEdits(t, [{ kind: 'replace', at: 3, length: 1, text: 'A' }]))), { minLength: 1, maxLength: 6 }), fc.constantFrom(' ', '"', '\n', '&jwt=', '', 'Bearer ', ', '))
      .map(([parts, sep]) => parts.join(sep));
    fc.assert(
      fc.property(mixed, (text) => {
        const found = findTokens(text);
        checkFound(text, found);
        assert.deepEqual(found.map((t) => t.text), referenceTokens(text), text);
      }),
      { ...SEED, numRuns: 800 },
    );
  });

  test('windowed results are a subset of the full scan and include every overlapping token', TIMEOUT, () => {
    fc.assert(
      fc.property(contextual, fc.nat(), fc.nat({ max: 400 }), (text, a, width) => {
        const full = findTokens(text);
        const from = text.length === 0 ? 0 : a % (text.length + 1);
        const to = Math.min(text.length, from + width);
        const windowed = findTokens(text, from, to);
        for (const t of windowed) assert.ok(full.some((f) => f.start === t.start && f.end === t.end && f.text === t.text));
        const expected = full.filter((f) => (to > from ? f.end > from && f.start < to : f.start <= from && f.end >= from));
        assert.deepEqual(windowed, expected);
      }),
      { ...SEED, numRuns: 400 },
    );
  });
});

describe('property: decodeToken', () => {
  test('never throws on random or mutated input; results are well-formed', TIMEOUT, () => {
    fc.assert(
      fc.property(fc.oneof(anyText, tokenishText, mutatedToken, contextual), (input) => {
        const r = decodeToken(input);
        if (r.ok) {
          assert.ok(input.includes(r.token.token));
          assert.ok(r.token.segments.length === 3 || r.token.segments.length === 5);
          // An SD-JWT's segments are its issuer-signed JWT's, the text before the first '~'.
          assert.equal(r.token.segments.join('.'), r.token.sdJwt ? r.token.sdJwt.issuerJwt : r.token.token);
          if (r.token.sdJwt) assert.ok(r.token.token.startsWith(`${r.token.sdJwt.issuerJwt}~`));
          assert.doesNotMatch(r.token.token, /\s/, 'whitespace inside a token is an error, never part of it');
          assert.ok(r.token.header !== null && typeof r.token.header === 'object' && !Array.isArray(r.token.header));
          for (const f of r.token.findings) assert.ok(f.code && f.message && f.severity);
          describeTimes(r.token.claims, 1_700_000_000_000);
          prettyJson(r.token.headerText);
          if (r.token.payload?.type === 'json') prettyJson(r.token.payload.text, { maxLength: 2000 });
        } else {
          assert.equal(typeof r.error.code, 'string');
          assert.ok(r.error.message.length > 0);
          if (r.error.offset !== undefined) assert.ok(r.error.offset >= 0 && r.error.offset < input.length);
        }
      }),
      { ...SEED, numRuns: 800 },
    );
  });

  test('hostile header and payload JSON never throws', TIMEOUT, () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), fc.json({ maxDepth: 4 }), anyText, (header, payload, junk) => {
        for (const h of [header, `{"alg":"HS256","x":${header}}`, junk]) {
          const r = decodeToken(`${b64(h)}.${b64(payload)}.sig`);
          assert.equal(typeof r.ok, 'boolean');
        }
      }),
      { ...SEED, numRuns: 300 },
    );
  });
});

describe('property: JSON helpers', () => {
  test('inspectJson agrees with JSON.parse on validity', TIMEOUT, () => {
    const jsonish = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.tuple(fc.json({ maxDepth: 3 }), fc.array(edit, { maxLength: 3 })).map(([j, edits]) => applyEdits(j, edits)),
      fc.string({ unit: fc.constantFrom(...'{}[]",:0123456789-+.eE tfnrulas\\/u\n'.split('')), maxLength: 40 }),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        assert.equal(inspectJson(text).valid, parses, text);
      }),
      { ...SEED, numRuns: 1500 },
    );
  });

  test('prettyJson output parses back to the same value', TIMEOUT, () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 0, max: 4 }), (value, indent) => {
        const text = JSON.stringify(value);
        const pretty = prettyJson(text, { indent, maxLength: 10_000_000 });
        assert.deepEqual(JSON.parse(pretty), JSON.parse(text));
      }),
      { ...SEED, numRuns: 500 },
    );
  });

  test('prettyJson and visibleText never emit raw dangerous characters', TIMEOUT, () => {
    // The deceptive-character table (deceptiveChars.ts), written out independently: tag characters and
    // supplementary variation selectors are the astral pairs \udb40\udc00-\udb40\udc7f and \udb40\udd00-\udb40\uddef.
    const dangerous =
      // eslint-disable-next-line no-control-regex, no-misleading-character-class -- raw controls and combining marks, one code unit each, on purpose
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]|\udb40[\udc00-\udc7f\udd00-\uddef]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    fc.assert(
      fc.property(fc.oneof(anyText, hidingText), fc.integer({ min: 1, max: 300 }), (s, max) => {
        const shown = visibleText(s, max);
        assert.ok(shown.length <= max);
        assert.doesNotMatch(shown, dangerous);
        assert.doesNotMatch(prettyJson(JSON.stringify({ s })), dangerous);
        // eslint-disable-next-line no-control-regex -- strips what JSON forbids raw in strings
        assert.doesNotMatch(prettyJson(`{"s":"${s.replace(/["\\\u0000-\u001f]/g, '')}"}`), dangerous);
      }),
      { ...SEED, numRuns: 500 },
    );
  });
});
