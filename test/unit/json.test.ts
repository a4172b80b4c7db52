import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { inspectJson, prettyJson, visibleText, rawTopLevelValues, PRETTY_TRUNCATED_MARKER } from '../../src/core/text/json';

function deepArray(depth: number): string {
  return '{"a":' + '['.repeat(depth) + ']'.repeat(depth) + '}';
}

describe('inspectJson', () => {
  test('accepts exactly what JSON.parse accepts', () => {
    const cases = [
      '{}', '[]', '0', '-0', '1.5e-3', '"x"', 'true', 'false', 'null', ' \t\r\n{"a" : [ 1 , 2 ] }\n',
      '{"a":1,}', '[1,]', '01', '1.', '.5', '+1', '-', '1e', '1e+', 'NaN', 'Infinity', "{'a':1}",
      '"a\u0001b"', '"\\x41"', '"\\u12"', '"\\u12G4"', '[1', '{"a":1', '{"a"}', '{,}', '[,1]', '1 2', '{} x',
      '\ufeff{}', '', '   ', 'tru', 'nul', 'falsey', '{"a":1}}', '[[]]]', '{"a":[}', '"\\/\\b\\f\\n\\r\\t\\"\\\\"',
      '"\u2028"', '"\ud800"', '[1e309]', '{"__proto__":1}', '-01', '-1.0E+2', '[-]', '"unterminated',
    ];
    for (const text of cases) {
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      const r = inspectJson(text);
      assert.equal(r.valid, parses, `validity of ${JSON.stringify(text)}`);
      if (!r.valid) assert.ok(r.error && typeof r.error.offset === 'number' && r.error.message.length > 0);
    }
  });

  test('finds duplicate member names, including escaped spellings, with paths', () => {
    const r = inspectJson('{"a":1,"b":{"x":1,"y":2,"x":3},"\\u0061":2,"c":[{"k":1,"k":2}]}');
    assert.deepEqual(r.duplicates, ['/b/x', '/a', '/c/0/k']);
    assert.equal(inspectJson('{"a":{"a":1},"b":{"a":2}}').duplicates.length, 0);
  });

  test('escapes JSON pointer segments and makes names visible', () => {
    const r = inspectJson('{"a/b":{"~":1,"~":2},"x\u202e":1,"x\u202e":2}');
    assert.deepEqual(r.duplicates, ['/a~1b/~0', '/x\\u202E']);
  });

  test('reports depth', () => {
    assert.equal(inspectJson('1').maxDepth, 0);
    assert.equal(inspectJson('{}').maxDepth, 1);
    assert.equal(inspectJson('{"a":[[{"b":[]}]]}').maxDepth, 5);
  });

  test('reports integers JavaScript cannot hold, as written', () => {
    const r = inspectJson('{"a":12345678901234567890,"b":9007199254740993,"c":9007199254740991,"d":-99999999999999999999,"e":1e309,"f":1.5,"g":123456789012345.5,"h":-1e400}');
    assert.deepEqual(r.unsafeIntegers, ['12345678901234567890', '9007199254740993', '-99999999999999999999', '1e309', '-1e400']);
  });

  test('reports prototype-named members', () => {
    const r = inspectJson('{"__proto__":{"admin":true},"constructor":{"prototype":{"polluted":1}},"ok":1}');
    assert.deepEqual(r.protoKeys, ['/__proto__', '/constructor', '/constructor/prototype']);
  });

  test('finds suspicious strings, raw or escaped, in names and values', () => {
    const r = inspectJson(
      JSON.stringify({ sub: 'admin\u202egnp.exe', zw: 'a\u200bb', bom: '\ufeffx', ctl: '\u001b[31m', crlf: 'a\r\nb', ok: 'plain', emoji: '😀', ['k\u2066']: 1 }) +
        '',
    );
    assert.deepEqual(r.suspicious, ['/sub', '/zw', '/bom', '/ctl', '/crlf', '/k\\u2066']);
    assert.ok(r.suspiciousKinds.includes('bidirectional override/isolate characters'));
    assert.ok(r.suspiciousKinds.includes('zero-width and other invisible characters'));
    assert.ok(r.suspiciousKinds.includes('control characters'));
    assert.ok(r.suspiciousKinds.includes('byte order marks (U+FEFF)'));
  });

  test('flags lone surrogate escapes but not valid pairs', () => {
    assert.deepEqual(inspectJson('{"sub":"\\ud800admin"}').suspicious, ['/sub']);
    assert.ok(inspectJson('{"sub":"\\ud800admin"}').suspiciousKinds.includes('lone surrogates'));
    assert.deepEqual(inspectJson('{"s":"\\udc00"}').suspicious, ['/s']);
    assert.deepEqual(inspectJson('{"s":"\\ud83d\\ude00"}').suspicious, []);
    assert.deepEqual(inspectJson('["\\ud800"]').suspicious, ['/0']);
    assert.deepEqual(inspectJson('"\ud800"').suspicious, ['']);
  });

  test('stops recording at maxReports but keeps validating', () => {
    const text = '{' + Array.from({ length: 50 }, () => '"a":1').join(',') + '}';
    const r = inspectJson(text, { maxReports: 5 });
    assert.equal(r.duplicates.length, 5);
    assert.equal(r.truncated, true);
    assert.equal(r.valid, true);
  });

  test('100 000-deep nesting is inspected without recursion', () => {
    const r = inspectJson(deepArray(100_000));
    assert.equal(r.valid, true);
    assert.equal(r.maxDepth, 100_001);
  });

  test('never throws on odd input', () => {
    for (const v of [undefined, null, 42, {}] as unknown[]) {
      assert.equal(inspectJson(v as string).valid, false);
    }
  });
});

describe('prettyJson', () => {
  test('re-indents from the original text, keeping numbers and escapes as written', () => {
    const text = '{"n":12345678901234567890,"f":1.50,"e":1E+2,"s":"a\\u0041\\n","t":true,"z":null,"a":[],"o":{}}';
    assert.equal(
      prettyJson(text),
      '{\n  "n": 12345678901234567890,\n  "f": 1.50,\n  "e": 1E+2,\n  "s": "a\\u0041\\n",\n  "t": true,\n  "z": null,\n  "a": [],\n  "o": {}\n}',
    );
  });

  test('RFC 7515 A.1 payload with CRLF pretty-prints', () => {
    const text = '{"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}';
    assert.equal(prettyJson(text), '{\n  "iss": "joe",\n  "exp": 1300819380,\n  "http://example.com/is_root": true\n}');
  });

  test('nested arrays and objects, custom indent, compact mode', () => {
    const text = '{"a":[1,{"b":[2,3]}]}';
    assert.equal(prettyJson(text, { indent: 4 }), '{\n    "a": [\n        1,\n        {\n            "b": [\n                2,\n                3\n            ]\n        }\n    ]\n}');
    assert.equal(prettyJson(' { "a" : [ 1 , 2 ] } ', { indent: 0 }), '{"a":[1,2]}');
    assert.equal(prettyJson('"x"'), '"x"');
    assert.equal(prettyJson('[]'), '[]');
  });

  test('collapses content deeper than maxDepth', () => {
    assert.equal(prettyJson('[[[1]],2]', { maxDepth: 2 }), '[\n  [\n    […]\n  ],\n  2\n]');
    assert.equal(prettyJson('{"a":{"b":{"c":1}}}', { maxDepth: 1 }), '{\n  "a": {…}\n}');
    assert.equal(prettyJson('{"a":1}', { maxDepth: 0 }), '{…}');
  });

  test('truncates past maxLength with a marker', () => {
    const text = JSON.stringify({ items: Array.from({ length: 1000 }, (_, i) => i) });
    const out = prettyJson(text, { maxLength: 200 });
    assert.ok(out.endsWith(PRETTY_TRUNCATED_MARKER));
    assert.ok(out.length <= 200 + PRETTY_TRUNCATED_MARKER.length + 1);
  });

  test('makes raw invisible and direction-changing characters visible', () => {
    const text = JSON.stringify({ ['k\u200b']: 'admin\u202egnp.exe', bom: '\ufeff', ls: '\u2028', pair: '😀' });
    const out = prettyJson(text);
    assert.ok(out.includes('"k\\u200B"'));
    assert.ok(out.includes('"admin\\u202Egnp.exe"'));
    assert.ok(out.includes('"\\uFEFF"'));
    assert.ok(out.includes('"\\u2028"'));
    assert.ok(out.includes('😀'));
    assert.doesNotMatch(out, /[\u202e\u200b\ufeff\u2028]/);
  });

  test('shows lone surrogates (raw or escaped) as escapes', () => {
    assert.equal(prettyJson('{"s":"\\ud800admin"}'), '{\n  "s": "\\ud800admin"\n}');
    assert.equal(prettyJson('["\ud800x"]'), '[\n  "\\uD800x"\n]');
  });

  test('invalid JSON comes back as visible text, never throws', () => {
    assert.equal(prettyJson('not json\u202e'), 'not json\\u202E');
    assert.equal(prettyJson('{"a":1,}'), '{"a":1,}');
    assert.equal(prettyJson(undefined as unknown as string), '');
  });

  test('100 000-deep nesting renders bounded output without recursion', () => {
    const out = prettyJson(deepArray(100_000));
    assert.ok(out.includes('[…]'));
    assert.ok(out.length < 10_000, `length ${out.length}`);
  });
});

describe('visibleText', () => {
  test('returns clean short text unchanged', () => {
    assert.equal(visibleText('ap-prod-2026'), 'ap-prod-2026');
    assert.equal(visibleText('Ünïcödé 😀'), 'Ünïcödé 😀');
  });

  test('escapes bidi, zero-width, BOM, C0/C1 controls and lone surrogates', () => {
    assert.equal(visibleText('admin\u202egnp.exe'), 'admin\\u202Egnp.exe');
    assert.equal(visibleText('a\u2066b\u2069c\u200bd\u200de\ufeff'), 'a\\u2066b\\u2069c\\u200Bd\\u200De\\uFEFF');
    assert.equal(visibleText('\u001b[31mroot\r\n\u0085'), '\\u001B[31mroot\\u000D\\u000A\\u0085');
    assert.equal(visibleText('x\ud800y\udc00'), 'x\\uD800y\\uDC00');
  });

  test('caps length with an ellipsis', () => {
    const long = 'a'.repeat(100_000);
    const out = visibleText(long);
    assert.equal(out.length, 256);
    assert.ok(out.endsWith('…'));
    assert.equal(visibleText('abcdef', 4), 'abc…');
    assert.equal(visibleText('ab\u202ecd', 5), 'ab…');
  });

  test('never splits a surrogate pair when cutting', () => {
    const out = visibleText('ab😀cd', 4);
    assert.equal(out, 'ab…');
  });
});

describe('rawTopLevelValues', () => {
  test('gives member values exactly as written, last duplicate wins', () => {
    const raw = rawTopLevelValues('{"exp":1e309,"nbf":"x","iat":1,"iat":2.50,"n":{"exp":5},"o":[1]}', ['exp', 'nbf', 'iat', 'o', 'missing']);
    assert.equal(raw.get('exp'), '1e309');
    assert.equal(raw.get('nbf'), '"x"');
    assert.equal(raw.get('iat'), '2.50');
    assert.equal(raw.get('o'), '[…]');
    assert.equal(raw.has('missing'), false);
  });

  test('returns nothing for non-objects and invalid JSON', () => {
    assert.equal(rawTopLevelValues('[1]', ['exp']).size, 0);
    assert.equal(rawTopLevelValues('{"exp":1', ['exp']).size, 0);
  });
});
