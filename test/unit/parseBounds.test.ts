// Workspace text is bounded before and while it is parsed: lifetimes are read
// by hand, preset patterns run on an automaton that never backtracks, and
// every YAML parse (profile, preset, form edit, Token Editor model) stops at
// the first limit it crosses with a diagnostic that names it. Each worst case
// of hostile-input entries H60–H69 is asserted on its result; the time bounds
// here are hang guards only (the worst cases used to take seconds to
// minutes), the figures are in bench/parse.bench.ts.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { checkPreset, editProfile, editorModel, listPresets, parsePreset, parseProfile, parseTtl } from '../../src/core/index';
import type { Preset, ProfileKeyInfo } from '../../src/core/index';
import { compilePattern, LinearPattern, MAX_STATES, WORK_BUDGET } from '../../src/core/text/linearPattern';
import { MAX_YAML_DIAGNOSTICS, PRESET_YAML_LIMITS, YAML_LIMITS, parseYaml } from '../../src/core/text/yamlLimits';

const HANG_GUARD_MS = 2000;
const keys: ProfileKeyInfo[] = [{ id: 'hs', alg: 'HS256', use: 'sig', kty: 'oct', hasPrivate: true }];

function timed<T>(fn: () => T): T {
  const started = Date.now();
  const value = fn();
  assert.ok(Date.now() - started < HANG_GUARD_MS, 'a hang guard, not a speed claim');
  return value;
}

function compiled(source: string): LinearPattern {
  const c = compilePattern(source);
  assert.ok(c instanceof LinearPattern, c instanceof Error ? c.message : '');
  return c;
}

function presetText(claims: object, extra: object = {}): string {
  return JSON.stringify({ id: 'hostile', name: 'Hostile', alg: { default: 'HS256', allowed: ['HS256'] }, lifetime: { default: '5m' }, claims, ...extra }, null, 2);
}

function presetFrom(text: string): Preset {
  const parsed = parsePreset(text, 'hostile.yaml');
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
  return parsed.preset;
}

const codes = (diagnostics: ReadonlyArray<{ code: string }>): string[] => diagnostics.map((d) => d.code);

// The lifetime regex this replaces; fine on short strings, quadratic on long runs of spaces.
function ttlByRegex(value: string): number | undefined {
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(value);
  const seconds = m ? Number(m[1]) * (units[(m[2] || 's').toLowerCase()] ?? 1) : undefined;
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0 || seconds > 10 * 365 * 86400) return undefined;
  return Math.ceil(seconds);
}

describe('H60 lifetimes are read by hand', () => {
  test('"1<a million spaces>x" is refused, and "1<a million spaces>m" read, in one pass', () => {
    const spaces = ' '.repeat(1_000_000);
    assert.equal(timed(() => parseTtl(`1${spaces}x`)), undefined);
    assert.equal(timed(() => parseTtl(`1${spaces}m`)), 60);
    assert.equal(timed(() => parseTtl(`${spaces}5${spaces}`)), 5);
  });

  test('reads exactly what the old pattern read (short strings, where the pattern is fast)', () => {
    const piece = fc.constantFrom('1', '0', '9', '.', ' ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', 's', 'M', 'h', 'D', 'x', 'e', '-', '+', '\u0661', 'ſ', 'K');
    fc.assert(fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
      const text = parts.join('');
      assert.equal(parseTtl(text), ttlByRegex(text), JSON.stringify(text));
    }), { numRuns: 20_000 });
  });

  test('a profile ttl and a preset lifetime.default of that shape get TTL_INVALID at their value', () => {
    const ttl = `"1${' '.repeat(200_000)}x"`;
    const text = `preset: generic\nkey: hs\nttl: ${ttl}\n`;
    const parse = timed(() => parseProfile(text, { keys }));
    const d = parse.diagnostics.find((x) => x.code === 'TTL_INVALID');
    assert.ok(d);
    assert.equal(text.slice(d.start, d.end), ttl);

    const preset = presetText({ type: 'object' }, { lifetime: { default: `1${' '.repeat(200_000)}x` } });
    const checked = timed(() => checkPreset(preset, 'hostile.json'));
    assert.deepEqual(codes(checked.diagnostics), ['TTL_INVALID']);
    assert.equal(checked.preset, undefined);
  });
});

describe('H61, H62 preset patterns never backtrack', () => {
  test('H61 ^(a+)+$ against a 100 000-character value answers at once, as the native engine would', () => {
    const p = compiled('^(a+)+$');
    assert.equal(timed(() => p.test(`${'a'.repeat(100_000)}b`)), false);
    assert.equal(timed(() => p.test('a'.repeat(100_000))), true);
    assert.equal(timed(() => compiled('\\s*x?\\s*$').test(`${' '.repeat(200_000)}y`)), true);
    assert.equal(timed(() => compiled('(x|xy)*z').test('xy'.repeat(200_000))), false);
  });

  test('a profile value checked against ^(a+)+$ from a workspace preset gets its diagnostic at once', () => {
    const preset = presetFrom(presetText({ type: 'object', properties: { sub: { type: 'string', pattern: '^(a+)+$' } } }));
    const value = `${'a'.repeat(50_000)}b`;
    const text = `preset: hostile\nkey: hs\nclaims:\n  sub: ${value}\n`;
    const parse = timed(() => parseProfile(text, { presets: [preset], keys }));
    const d = parse.diagnostics.find((x) => x.code === 'CLAIM_INVALID');
    assert.ok(d);
    assert.equal(text.slice(d.start, d.end), value);
    assert.deepEqual(codes(parseProfile('preset: hostile\nkey: hs\nclaims:\n  sub: aaa\n', { presets: [preset], keys }).diagnostics), []);
  });

  // Patterns with anchors, classes, escapes, repeats, groups, alternation, word boundaries, lookarounds and astral characters.
  const PATTERNS = [
    '^https?://', '^/(?!/)', '^[0-9]+\\.[0-9]+\\.[0-9]+$', '^\\d{4}-\\d{2}-\\d{2}', '^[0-9a-fA-F-]{36}$', '^[a-z0-9][a-z0-9._-]{0,63}$',
    '(a+)+$', '^(a|aa)*$', '\\bab\\b', '\\Ba', 'b$', '^$', '', 'a|b|', '(?:^)*a', '[^]', '[]', '\\p{L}+\\d', '😀+', '\\uD83D\\uDE00',
    'a{2,3}b{0,}c{1}', '(?<n>ab)c', '(?<=a)b', '(?<!a)b', 'a(?=b)', '.', '^.$', '[\\]a-]', '\\/\\.\\*', '^\\s*$', '(a|ab)*c', '\\w+@\\w+\\.\\w{2,}',
    '^(?:[a-z]+-)*[a-z]+$', 'a??b', '(?:)', '(|a)+b', '(?=a\\b)a', 'x(?<=\\bx)',
  ];
  test('answers what the native engine answers', () => {
    const char = fc.constantFrom('a', 'b', 'c', 'x', '1', '-', '.', '/', ' ', '\n', '@', '😀', 'é', '_', ':', 'h');
    for (const source of PATTERNS) {
      const ours = compiled(source);
      const native = new RegExp(source, 'u');
      fc.assert(fc.property(fc.array(char, { maxLength: 10 }), (chars) => {
        const text = chars.join('');
        assert.equal(ours.test(text), native.test(text), `${source} on ${JSON.stringify(text)}`);
      }), { numRuns: 2000 });
    }
  });

  test('H62 what one pass cannot do is refused with the reason', () => {
    const refused: Array<[string, RegExp]> = [
      ['(a)\\1', /backreference \\1/],
      ['(?<x>a)\\k<x>', /backreference \\k<x>/],
      ['(?=a+)b', /lookaround \(\?=a\+\) holds a quantifier/],
      ['(?!a|b)', /holds an alternation/],
      ['(?=(?!a))', /holds another lookaround/],
      [`a{${MAX_STATES + 1}}`, /larger than 2000/],
      ['(a{0,50}){0,50}', /more than 2000 states/],
      ['(', /not a valid regular expression/],
      ['x'.repeat(1001), /at most 1000/],
      // Each lookaround is checked by hand at every position: eight of 120 characters would cost ~1 000 checks a character.
      [`${'(?=' + 'a'.repeat(120) + ')'}b`, /check 120 characters in all, more than 32/],
      [`${'(?=aaaaa)'.repeat(7)}b`, /check 35 characters in all, more than 32/],
    ];
    for (const [source, why] of refused) {
      const c = compilePattern(source);
      assert.ok(c instanceof Error, source);
      assert.match(c.message, why);
    }
  });

  test('H62 a refused pattern in a workspace preset is a PRESET_PATTERN error at the pattern itself', () => {
    const text = presetText({ type: 'object', properties: { sub: { type: 'string', pattern: '^(a)\\1$' } }, patternProperties: { '^(?=x+)': { type: 'string' } } });
    const checked = checkPreset(text, 'hostile.json');
    assert.equal(checked.preset, undefined);
    assert.deepEqual(codes(checked.diagnostics), ['PRESET_PATTERN', 'PRESET_PATTERN']);
    assert.deepEqual(checked.diagnostics.map((d) => text.slice(d.start, d.end)), ['"^(a)\\\\1$"', '"^(?=x+)"']);
    // A pattern inside an enum or example is data, not a pattern.
    assert.deepEqual(checkPreset(presetText({ type: 'object', properties: { p: { enum: [{ pattern: '(a)\\1' }] } } }), 'p.json').diagnostics, []);
  });

  test('H62 a value that would cost more than the work budget is refused as too long to check, not matched slowly', () => {
    // Exponential as a DFA: every character reaches a new set of states.
    const preset = presetFrom(presetText({ type: 'object', properties: { sub: { type: 'string', pattern: '[ab]*a[ab]{40}c' } } }));
    let value = '';
    for (let i = 0, x = 7; i < 200_000; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      value += x & 0x10000 ? 'a' : 'b';
    }
    const parse = timed(() => parseProfile(`preset: hostile\nkey: hs\nclaims:\n  sub: ${value}\n`, { presets: [preset], keys }));
    const d = parse.diagnostics.find((x) => x.code === 'CLAIM_INVALID');
    assert.ok(d);
    assert.match(d.message, /\(200000 characters\) is too long to check against the preset's pattern/);
    assert.ok(WORK_BUDGET > 0);
    // The same pattern answers short values exactly.
    assert.deepEqual(codes(parseProfile(`preset: hostile\nkey: hs\nclaims:\n  sub: ${'a'.repeat(41)}c\n`, { presets: [preset], keys }).diagnostics), []);
  });

  test('every built-in preset still compiles and checks (their patterns include a lookahead)', () => {
    for (const preset of listPresets()) assert.deepEqual(checkPreset(JSON.stringify(preset), `${preset.id}.json`).diagnostics, [], preset.id);
  });
});

describe('H63–H67 every YAML parse is bounded', () => {
  const aliases = (n: number): string => `preset: generic\nkey: hs\nclaims:\n  a: &b x\n  c: [${Array.from({ length: n }, () => '*b').join(', ')}]\n`;
  const manyKeys = (n: number): string => `preset: generic\nkey: hs\nclaims:\n${Array.from({ length: n }, (_, i) => `  k${i}: 1`).join('\n')}\n`;
  const deep = (n: number): string => `preset: generic\nkey: hs\nclaims:\n  a: ${'['.repeat(n)}${']'.repeat(n)}\n`;

  const worst: Array<[string, string, RegExp]> = [
    ['H63 a hundred thousand aliases', aliases(100_000), /uses more than 100 aliases \(\*name\) \(line 5\)/],
    ['H65 thirty thousand keys', manyKeys(30_000), /has more than 8,000 keys and values \(line 4001\)/],
    ['H65 sixty thousand keys, one per line', manyKeys(60_000), /has more than 40,000 lines \(line 40001\)/],
    ['H66 a flow sequence nested 300 000 deep', deep(300_000), /nests collections more than 64 levels deep \(line 4\)/],
    ['H67 a million blank lines', `preset: generic\nkey: hs\n${'\n'.repeat(999_000)}`, /has more than 40,000 lines \(line 40001\)/],
    ['H67 a million commas on one line', `preset: generic\nkey: hs\nclaims:\n  a: [${','.repeat(999_000)}]\n`, /has more than 40,000 YAML tokens \(values, indicators, line breaks and comments\) \(line 4\)/],
  ];
  for (const [name, text, message] of worst) {
    test(`${name}: parseProfile, editProfile, the Token Editor and checkPreset refuse it with the limit named`, () => {
      const parse = timed(() => parseProfile(text, { keys }));
      assert.deepEqual(codes(parse.diagnostics), ['YAML_LIMIT']);
      assert.match(parse.diagnostics[0]?.message ?? '', message);
      assert.match(parse.diagnostics[0]?.message ?? '', /^This profile /);

      const edit = timed(() => editProfile(text, { op: 'set', path: ['ttl'], value: '5m' }));
      assert.equal(edit.ok, false);
      assert.equal(edit.ok ? '' : edit.error.code, 'YAML_LIMIT');
      assert.match(edit.ok ? '' : edit.error.message, message);

      const model = timed(() => editorModel(text, { presets: listPresets(), keys, now: 0 }));
      assert.equal(model.editable, false);
      assert.match(model.problem ?? '', message);

      const checked = timed(() => checkPreset(text, 'hostile.yaml'));
      assert.deepEqual(codes(checked.diagnostics), ['YAML_LIMIT']);
      assert.match(checked.diagnostics[0]?.message ?? '', /^This preset /);
    });
  }

  test('H66 the limits are exact: 64 nested collections are read, 65 are not', () => {
    // `claims:` is the top-level mapping's child: the sequence nesting adds to two mappings.
    assert.ok(!codes(parseProfile(deep(62), { keys }).diagnostics).includes('YAML_LIMIT'));
    assert.deepEqual(codes(parseProfile(deep(63), { keys }).diagnostics), ['YAML_LIMIT']);
    const block = (n: number): string => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ` v\n`;
    assert.equal(parseYaml(block(64)).ok, true);
    const refused = parseYaml(block(65));
    assert.equal(refused.ok, false);
    assert.equal(refused.ok ? '' : refused.hit.limit, 'maxDepth');
    assert.equal(parseYaml(`${'- '.repeat(64)}x`).ok, true);
    assert.equal(parseYaml(`${'- '.repeat(65)}x`).ok, false);
  });

  test('H67 exactly 40 000 lines are read, one more is refused', () => {
    const limits = { ...YAML_LIMITS, maxTokens: 100_000 }; // every line break is a token too
    assert.equal(parseYaml(`a: 1${'\n'.repeat(39_999)}`, { limits }).ok, true);
    assert.equal(parseYaml(`a: 1${'\n'.repeat(39_999)}b: 2`, { limits }).ok, true);
    const over = parseYaml(`a: 1${'\n'.repeat(40_000)}b: 2`, { limits });
    assert.equal(over.ok ? '' : over.hit.limit, 'maxLines');
    // A final line break ends the last line; it does not start one more.
    const three = { ...YAML_LIMITS, maxLines: 3 };
    assert.equal(parseYaml('a: 1\nb: 2\nc: 3\n', { limits: three }).ok, true);
    assert.equal(parseYaml('a: 1\nb: 2\nc: 3', { limits: three }).ok, true);
    assert.equal(parseYaml('a: 1\nb: 2\nc: 3\nd: 4', { limits: three }).ok, false);
  });

  test('H63 a hundred aliases are read; the hundred and first is refused', () => {
    const at = (n: number): string => `a: &b x\n${Array.from({ length: n }, (_, i) => `c${i}: *b`).join('\n')}\n`;
    assert.equal(parseYaml(at(YAML_LIMITS.maxAliases)).ok, true);
    const over = parseYaml(at(YAML_LIMITS.maxAliases + 1));
    assert.equal(over.ok ? '' : over.hit.limit, 'maxAliases');
  });

  test('H64 an alias expansion bomb under the alias limit is still refused by the expansion count', () => {
    const lines = ['preset: generic', 'key: hs', 'claims:', '  l0: &l0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`  l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
    const parse = timed(() => parseProfile(lines.join('\n'), { keys }));
    assert.deepEqual(codes(parse.diagnostics), ['YAML_SYNTAX']);
    assert.match(parse.diagnostics[0]?.message ?? '', /Excessive alias count/);
  });

  test('a file at the limits is still read: 3 990 claims under generic', () => {
    const parse = timed(() => parseProfile(manyKeys(3_990), { keys }));
    assert.deepEqual(codes(parse.diagnostics), []);
    assert.equal(Object.keys(parse.profile.claims).length, 3_990);
    const edit = timed(() => editProfile(manyKeys(3_990), { op: 'set', path: ['claims', 'k7'], value: 2 }));
    assert.ok(edit.ok);
  });
});

describe('H65 duplicate keys are found in linear time, as yaml reports them', () => {
  test('the same errors, positions and messages as yaml on documents with repeats', () => {
    const docs = [
      'a: 1\na: 2\n', 'a: 1\nb: {x: 1, x: 2, y: [1, {z: 1, z: 2}]}\n', '1: a\n"1": b\n1.0: c\n', '~: 1\nnull: 2\n', '.nan: 1\n.nan: 2\n',
      'x: &a 1\ny: *a\nx: 3\n', 'a:\n  - b\n  - c: 1\n    c: 2\n', '!!str 5: x\n"5": y\n', 'key: [a, b]\nkey: x', '? [a]\n: 1\n? [a]\n: 2\n', 'a: [\na: 1\n',
    ];
    for (const text of docs) {
      for (const prettyErrors of [false, true]) {
        const theirs = parseDocument(text, { prettyErrors, uniqueKeys: true });
        const ours = parseYaml(text, { prettyErrors, uniqueKeys: true });
        assert.ok(ours.ok);
        const shape = (e: { code: string; pos: [number, number]; message: string }): [string, number, string] => [e.code, e.pos[0], e.message];
        assert.deepEqual(ours.doc.errors.map(shape), theirs.errors.map(shape), text);
      }
    }
  });

  test('three thousand keys and one repeat: one diagnostic, on the repeat', () => {
    const lines = ['preset: generic', 'key: hs', 'claims:'];
    for (let i = 0; i < 2_999; i++) lines.push(`  k${i}: 1`);
    lines.push('  k17: 2');
    const text = `${lines.join('\n')}\n`;
    const parse = timed(() => parseProfile(text, { keys }));
    assert.deepEqual(codes(parse.diagnostics), ['YAML_SYNTAX']);
    assert.equal(text.slice(parse.diagnostics[0]?.start, parse.diagnostics[0]?.end), '  k17: 2');
    assert.match(parse.diagnostics[0]?.message ?? '', /^Map keys must be unique/);
  });
});

describe('H68 diagnostics stay proportional to the file', () => {
  test(`yaml errors are listed up to ${MAX_YAML_DIAGNOSTICS}, then counted`, () => {
    const text = `preset: generic\nkey: hs\nclaims:\n${Array.from({ length: 1_500 }, (_, i) => `  k${i}: 1\n  k${i}: 2`).join('\n')}\n`;
    const parse = timed(() => parseProfile(text, { keys }));
    const syntax = parse.diagnostics.filter((d) => d.code === 'YAML_SYNTAX');
    assert.equal(syntax.length, MAX_YAML_DIAGNOSTICS + 1);
    assert.equal(syntax.at(-1)?.message, '1,400 more YAML errors from here on are not listed; fix the ones above first.');
  });

  test('a form edit on a line of a thousand errors and a long run of carriage returns answers at once', () => {
    // yaml's own error formatting trims the whole line with a regex once per error: 37 s for these 12 KB.
    const text = `k: [x${' ]'.repeat(1_000)}${'\r'.repeat(10_000)}z`;
    const edit = timed(() => editProfile(text, { op: 'set', path: ['ttl'], value: '5m' }));
    assert.equal(edit.ok ? '' : edit.error.code, 'EDIT_REFUSED');
    assert.match(edit.ok ? '' : edit.error.message, /^The profile is not valid YAML \(Unexpected flow-seq-end token in YAML stream: "\]" at line 1, column 9:\)/);
  });

  test('more than a thousand syntax errors stop the parse, naming the first', () => {
    const parse = timed(() => parseProfile(`k: [x${' ]'.repeat(100_000)}`, { keys }));
    assert.deepEqual(codes(parse.diagnostics), ['YAML_LIMIT']);
    assert.equal(parse.diagnostics[0]?.message, 'This profile has more than 1,000 YAML syntax errors (line 1); it was not read. The first, on line 1: Unexpected flow-seq-end token in YAML stream.');
  });

  test('thousands of unknown claims each point at their own key', () => {
    const preset = presetFrom(presetText({ type: 'object', properties: { sub: { type: 'string' } }, additionalProperties: false }));
    const text = `preset: hostile\nkey: hs\nclaims:\n${Array.from({ length: 3_000 }, (_, i) => `  u${i}: 1`).join('\n')}\n`;
    const parse = timed(() => parseProfile(text, { presets: [preset], keys }));
    const unknown = parse.diagnostics.filter((d) => d.code === 'CLAIM_UNKNOWN');
    assert.equal(unknown.length, 3_000);
    assert.deepEqual(unknown.slice(0, 2).map((d) => text.slice(d.start, d.end)), ['u0', 'u1']);
    assert.equal(text.slice(unknown.at(-1)?.start, unknown.at(-1)?.end), 'u2999');
  });
});

describe('H68 the Token Editor model stays proportional too', () => {
  test('3 000 unknown claims each get their message on their own row; 3 000 unknown properties each get their line', () => {
    const preset = presetFrom(presetText({ type: 'object', properties: { sub: { type: 'string' } }, additionalProperties: false }));
    const claims = `preset: hostile\nkey: hs\nclaims:\n${Array.from({ length: 3_000 }, (_, i) => `  u${i}: 1`).join('\n')}\n`;
    const model = timed(() => editorModel(claims, { presets: [preset], keys, now: 0 }));
    assert.equal(model.claims.length, 3_000);
    assert.ok(model.claims.every((row) => row.messages.length === 1 && row.messages[0]?.code === 'CLAIM_UNKNOWN'));
    const top = `preset: generic\nkey: hs\n${Array.from({ length: 3_000 }, (_, i) => `u${i}: 1`).join('\n')}\n`;
    const topModel = timed(() => editorModel(top, { presets: listPresets(), keys, now: 0 }));
    const unknown = topModel.messages.filter((m) => m.code === 'UNKNOWN_PROPERTY');
    assert.equal(unknown.length, 3_000);
    assert.deepEqual([unknown[0]?.line, unknown[1]?.line, unknown.at(-1)?.line], [3, 4, 3_002]);
  });
});

describe('H69 a preset is bounded like a profile, and tighter', () => {
  test('presets have tighter bounds than profiles: their schemas are compiled', () => {
    const props = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`p${i}`, { type: 'string' }]));
    const text = presetText({ type: 'object', properties: props });
    assert.ok(parseYaml(text).ok);
    const checked = timed(() => checkPreset(text, 'big.json'));
    assert.deepEqual(codes(checked.diagnostics), ['YAML_LIMIT']);
    assert.match(checked.diagnostics[0]?.message ?? '', new RegExp(`more than ${PRESET_YAML_LIMITS.maxNodes.toLocaleString('en-US')} keys and values`));
  });

  test('a preset over 1 MB is refused before it is parsed', () => {
    const checked = checkPreset(`# ${'x'.repeat(1_000_001)}`, 'big.yaml');
    assert.deepEqual(codes(checked.diagnostics), ['TOO_LARGE']);
  });
});
