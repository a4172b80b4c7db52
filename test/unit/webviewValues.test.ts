// The Token Editor page's pure helpers: conversions between control text and
// profile values, token segments, ids, and the checks on what the page
// receives. Date tests assume nothing about the local time zone: they check
// round trips and shapes, never a particular wall-clock time.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compactJson, isCutJson, JSON_CUT_NOTE, jsonFieldText, MAX_SHOWN_JSON } from '../../webview/jsonText';
import {
  convertValue,
  defaultEncryption,
  emptyValueOf,
  epochToLocalInput,
  expiryText,
  idPart,
  localInputToEpoch,
  nameProblem,
  parseJsonField,
  parseDateText,
  parseExactNumber,
  parseNumberField,
  parseTtlField,
  parseTypedText,
  plainText,
  segmentStyle,
  showsEmbed,
  splitToken,
  switchedClaimProblem,
} from '../../webview/values';
import { editorModel, listPresets } from '../../src/core/index';
import { parseHostMessage, restoreUiState } from '../../webview/incoming';
import type { KeyChoice } from '../../src/shared/protocol';

const LOCAL_INPUT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/** True when the local UTC offset is the same three hours either side (no DST change near `seconds`). */
function steadyOffset(seconds: number): boolean {
  return new Date((seconds - 10800) * 1000).getTimezoneOffset() === new Date((seconds + 10800) * 1000).getTimezoneOffset();
}

describe('datetime-local ⇄ NumericDate', () => {
  const samples = [0, 86400 * 365, 1_000_000_000, 1_700_000_000, 1_767_225_600, 2_000_000_000, 4_102_444_799, -86400 * 400];

  test('a NumericDate becomes a datetime-local value with seconds', () => {
    for (const s of samples) assert.match(epochToLocalInput(s) ?? '', LOCAL_INPUT, String(s));
  });

  test('NumericDate → text → NumericDate is exact away from DST changes', () => {
    for (const s of samples) {
      if (!steadyOffset(s)) continue;
      const text = epochToLocalInput(s);
      assert.ok(text);
      assert.equal(localInputToEpoch(text), s, text);
    }
    // Every hour across a year finds any DST change of the local zone and must still round-trip the text.
    for (let s = 1_767_225_600; s < 1_767_225_600 + 366 * 86400; s += 3600 + 17) {
      const text = epochToLocalInput(s);
      assert.ok(text);
      const back = localInputToEpoch(text);
      assert.ok(back !== undefined);
      assert.equal(epochToLocalInput(back), text, `text round trip at ${s}`);
      if (steadyOffset(s)) assert.equal(back, s, `epoch round trip at ${s}`);
    }
  });

  test('fractional seconds are dropped, not rounded up', () => {
    assert.equal(epochToLocalInput(1_700_000_000.9), epochToLocalInput(1_700_000_000));
  });

  test('text without seconds reads as :00', () => {
    const text = epochToLocalInput(1_700_000_000);
    assert.ok(text);
    const minute = text.slice(0, 16);
    const back = localInputToEpoch(minute);
    assert.ok(back !== undefined);
    assert.equal(epochToLocalInput(back), `${minute}:00`);
  });

  test('years below 100 are not read as 19xx', () => {
    const back = localInputToEpoch('0099-06-15T12:00:00');
    assert.ok(back !== undefined);
    assert.equal(epochToLocalInput(back)?.slice(0, 4), '0099');
  });

  test('what is not a date is refused', () => {
    for (const text of ['', 'soon', '2026-13-01T00:00', '2026-02-30T00:00', '2023-02-29T10:00', '2026-01-01T24:00', '2026-01-01 10:00', '2026-01-01T10:60']) {
      assert.equal(localInputToEpoch(text), undefined, text);
    }
    assert.notEqual(localInputToEpoch('2024-02-29T10:00'), undefined, 'leap day');
    for (const s of [Number.NaN, Number.POSITIVE_INFINITY, 1e15]) assert.equal(epochToLocalInput(s), undefined, String(s));
  });
});

describe('number fields', () => {
  test('numbers', () => {
    assert.deepEqual(parseNumberField('42', true), { ok: true, value: 42 });
    assert.deepEqual(parseNumberField(' -3.5 ', false), { ok: true, value: -3.5 });
    assert.deepEqual(parseNumberField('1e3', true), { ok: true, value: 1000 });
    assert.deepEqual(parseNumberField('.5', false), { ok: true, value: 0.5 });
  });

  test('refused', () => {
    for (const text of ['', ' ', 'abc', '0x10', 'Infinity', '1e400', '1,5', '--1']) assert.equal(parseNumberField(text, false).ok, false, text);
    assert.equal(parseNumberField('2.5', true).ok, false, 'an integer field takes whole numbers');
    assert.equal(parseNumberField('9007199254740993', true).ok, false, 'beyond 2^53 the value would change');
  });
});

describe('JSON fields', () => {
  test('values of every JSON type', () => {
    assert.deepEqual(parseJsonField('{"a":[1,2]}'), { ok: true, value: { a: [1, 2] } });
    assert.deepEqual(parseJsonField('[]'), { ok: true, value: [] });
    assert.deepEqual(parseJsonField('"x"'), { ok: true, value: 'x' });
    assert.deepEqual(parseJsonField('null'), { ok: true, value: null });
  });

  test('invalid JSON says why', () => {
    const r = parseJsonField('{a: 1}');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.message, /^Not valid JSON/);
    assert.equal(parseJsonField('  ').ok, false);
  });

  test('text for editing round-trips', () => {
    for (const v of [{ a: { b: [1, 'two', null] } }, [], 'x', 3, null, true]) {
      const r = parseJsonField(jsonFieldText(v));
      assert.deepEqual(r, { ok: true, value: v });
    }
    assert.equal(jsonFieldText(undefined), 'null');
  });

  test('long values are compact: a list of pairs is one pair per line, short collections stay on one line', () => {
    const userProfile = [['twitter', 'adalovelace'], ['linkedin', 'ada-lovelace-1815'], ['company', 'Analytical Engines Ltd'], ['title', 'Programmer']];
    assert.equal(
      compactJson(userProfile),
      '[\n  ["twitter", "adalovelace"],\n  ["linkedin", "ada-lovelace-1815"],\n  ["company", "Analytical Engines Ltd"],\n  ["title", "Programmer"]\n]',
    );
    assert.equal(compactJson([['twitter', 'ada']]), '[["twitter", "ada"]]');
    assert.equal(compactJson({ team: 7, tags: ['a', 'b'] }), '{"team": 7, "tags": ["a", "b"]}');
    assert.equal(compactJson({}), '{}');
    assert.equal(compactJson([]), '[]');
    // A payload: each member on its own line once the whole does not fit; a short list inside stays whole.
    const payload = { displayName: 'Ada Lovelace', email: 'ada@example.com', roles: ['speaker'], userProfile: [['twitter', 'ada']], iat: 1800000000 };
    assert.equal(
      compactJson(payload),
      '{\n  "displayName": "Ada Lovelace",\n  "email": "ada@example.com",\n  "roles": ["speaker"],\n  "userProfile": [["twitter", "ada"]],\n  "iat": 1800000000\n}',
    );
    // Nothing goes past the width unless a single value is longer than it.
    for (const line of compactJson({ a: { b: Array.from({ length: 30 }, (_, i) => i) } }).split('\n')) assert.ok(line.length <= 72, line);
  });

  test('nested members are indented by two per level, not by the length of their keys; a list of plain values fills its lines', () => {
    assert.equal(
      compactJson({ nested: { a: { b: Array.from({ length: 28 }, (_, i) => i + 1) } } }),
      [
        '{',
        '  "nested": {',
        '    "a": {',
        '      "b": [',
        '        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,',
        '        19, 20, 21, 22, 23, 24, 25, 26, 27, 28',
        '      ]',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
    // The key's column still decides whether a value fits on its line.
    assert.equal(compactJson({ [`k${'x'.repeat(60)}`]: [1, 2, 3, 4] }), `{\n  "k${'x'.repeat(60)}": [\n    1, 2, 3, 4\n  ]\n}`);
    assert.equal(compactJson({ short: [1, 2, 3, 4] }), '{"short": [1, 2, 3, 4]}');
  });

  test('long keys nested deep: the text stays linear in the input, and quick', () => {
    // Workspace text: 30 levels of 1 000-character keys over a list of 1 000 numbers.
    const depth = 30;
    const items = 1000;
    let value: unknown = Array.from({ length: items }, (_, i) => i);
    for (let d = 0; d < depth; d++) value = { [`${'k'.repeat(1000)}${d}`]: value };
    const input = JSON.stringify(value).length;
    const started = performance.now();
    const text = compactJson(value);
    const ms = performance.now() - started;
    assert.equal(isCutJson(text), false, 'small enough to show whole');
    const lines = text.split('\n').length;
    // At most the input, two spaces of indentation per level on each line, and a space after each comma and colon.
    assert.ok(text.length <= 2 * input + 2 * (depth + 1) * lines, `${text.length} characters for an input of ${input}, ${lines} lines`);
    assert.ok(lines < items, 'the numbers fill their lines');
    assert.deepEqual(JSON.parse(text), value);
    assert.ok(ms < 1000, `${ms} ms`);
  });

  test('a value too long to show is cut, with a note to edit it in the YAML', () => {
    const value = Array.from({ length: 50_000 }, (_, i) => ({ id: i, name: `user-${i}` }));
    const text = compactJson(value);
    assert.ok(isCutJson(text));
    assert.ok(text.endsWith(`\n${JSON_CUT_NOTE}`));
    assert.ok(text.length <= MAX_SHOWN_JSON + JSON_CUT_NOTE.length + 1, String(text.length));
    assert.equal(compactJson(value, 72, 100).length, 100 + 1 + JSON_CUT_NOTE.length);
    assert.equal(isCutJson(compactJson({ a: 1 })), false);
  });

  test('compact JSON reads back exactly, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.integer({ min: 10, max: 100 }), (value, width) => {
        assert.deepEqual(JSON.parse(compactJson(value, width)), JSON.parse(JSON.stringify(value)));
      }),
      { seed: 20260302, numRuns: 300 },
    );
  });

  test('plain text of any value', () => {
    assert.equal(plainText('a'), 'a');
    assert.equal(plainText(3), '3');
    assert.equal(plainText(false), 'false');
    assert.equal(plainText(null), '');
    assert.equal(plainText(undefined), '');
    assert.equal(plainText({ a: 1 }), '{"a":1}');
  });
});

describe('lifetime field', () => {
  test('shorthands are kept as text, digits become seconds, empty means the preset default', () => {
    assert.deepEqual(parseTtlField(' 10m '), { ok: true, value: '10m' });
    assert.deepEqual(parseTtlField('300'), { ok: true, value: 300 });
    assert.deepEqual(parseTtlField(''), { ok: true, value: undefined });
  });

  test('unreadable lifetimes are refused', () => {
    for (const text of ['soon', '0', '-5m', '5 minutes', '11000d']) assert.equal(parseTtlField(text).ok, false, text);
  });

  test('expiry line', () => {
    assert.match(expiryText(Date.now(), 900), /^Expires at .+ \(in 15 min\)$/);
  });
});

describe('row names', () => {
  const names = ['firstName', 'role'];
  test('empty and duplicate names are refused', () => {
    assert.match(nameProblem('', names, 'claim') ?? '', /needs a name/);
    assert.match(nameProblem('   ', names, 'claim') ?? '', /needs a name/);
    assert.match(nameProblem('role', names, 'claim') ?? '', /already a claim named "role"/);
    assert.equal(nameProblem('team', names, 'claim'), undefined);
    assert.equal(nameProblem('role', names, 'claim', 'role'), undefined, 'a row keeps its own name');
  });
});

describe('claims beside a switch', () => {
  const switches = [{ name: 'iss', on: true }, { name: 'sub', on: false }];
  test('iss or sub cannot be added as a row: switched on, its value is changed beside the switch; off, it is switched on', () => {
    assert.match(switchedClaimProblem('iss', switches) ?? '', /already a claim named "iss".*beside its switch/);
    assert.match(switchedClaimProblem('sub', switches) ?? '', /switch it on there/);
    assert.equal(switchedClaimProblem('role', switches), undefined);
    assert.equal(switchedClaimProblem('iss', []), undefined, 'a preset without the switches takes iss as a row');
  });

  test('the model of a generic profile offers both switches, so an add of iss is refused', () => {
    const model = editorModel('preset: generic\nkey: k\nclaims:\n  iss: https://issuer.example\n', { presets: listPresets(), keys: [], now: Date.UTC(2026, 0, 1) });
    assert.deepEqual(model.claimSwitches.map((s) => [s.name, s.on]), [['iss', true], ['sub', false]]);
    assert.equal(model.claims.some((r) => r.name === 'iss'), false, 'iss is not a row');
    assert.match(switchedClaimProblem('iss', model.claimSwitches) ?? '', /beside its switch/);
  });
});

describe('sections', () => {
  const context = { presets: listPresets(), keys: [], now: Date.UTC(2026, 0, 1) };
  test('an error about embed: shows the Embed section, so the message the summary counts and links to is on the page', () => {
    const model = editorModel('preset: generic\nkey: k\nembed: 5\n', context);
    assert.ok(model.errors > 0);
    assert.ok((model.controlMessages.embed ?? []).some((m) => m.severity === 'error'), JSON.stringify(model.controlMessages));
    assert.equal(model.messages.some((m) => m.severity === 'error'), false, 'the error is not in the list at the bottom');
    assert.equal(showsEmbed(model), true);
  });

  test('a generic profile without embed: has no Embed section; a preset that embeds has one', () => {
    assert.equal(showsEmbed(editorModel('preset: generic\nkey: k\n', context)), false);
    assert.equal(showsEmbed(editorModel('preset: activepieces\nkey: k\n', context)), true);
  });
});

describe('ids', () => {
  test('plain names are kept', () => {
    assert.equal(idPart('firstName'), 'firstName');
    assert.equal(idPart('user_id-2'), 'user_id-2');
  });

  test('other names become unique CSS-safe identifiers', () => {
    const names = ['https://hasura.io/jwt/claims', 'a.b', 'a b', 'ä', '-x', '_x', '', 'a.b '];
    const parts = names.map(idPart);
    assert.equal(new Set(parts).size, names.length);
    for (const p of parts) assert.match(p, /^-[0-9a-f]*$/);
    assert.equal(idPart('a.b'), '-612e62');
  });
});

describe('token segments', () => {
  test('split by the host lengths, else by dots', () => {
    assert.deepEqual(splitToken('aa.bbb.c', [2, 3, 1]), ['aa', 'bbb', 'c']);
    assert.deepEqual(splitToken('aa.bbb.c', [2, 2, 1]), ['aa', 'bbb', 'c'], 'lengths that do not fit are ignored');
    assert.deepEqual(splitToken('a..c.d.e', [1, 0, 1, 1, 1]), ['a', '', 'c', 'd', 'e']);
    assert.deepEqual(splitToken('abc', []), ['abc']);
  });

  test('classes for JWS and JWE', () => {
    assert.deepEqual([0, 1, 2].map((i) => segmentStyle(i, 3, false).className), ['seg-header', 'seg-payload', 'seg-signature']);
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => segmentStyle(i, 5, true).className), ['seg-jwe-0', 'seg-jwe-1', 'seg-jwe-2', 'seg-jwe-3', 'seg-jwe-4']);
    assert.equal(segmentStyle(3, 4, false).className, 'seg-other');
  });
});

describe('encryption defaults', () => {
  const key = (id: string, alg: string): KeyChoice => ({ id, alg, kty: 'RSA', hasPrivate: false });
  test('the first encryption key and A256GCM; the algorithm is the key\'s own, so it is not written', () => {
    assert.deepEqual(defaultEncryption([key('partner', 'RSA-OAEP'), key('other', 'ECDH-ES')]), { key: 'partner', enc: 'A256GCM' });
  });
  test('no encryption key: nothing to switch on', () => {
    assert.equal(defaultEncryption([]), undefined);
  });
});

describe('incoming messages and saved state', () => {
  const model = {
    editable: true,
    presets: [],
    keys: [],
    registered: [],
    claimSwitches: [],
    claims: [{ name: 'a', value: 1, kind: 'number', required: false, known: true, messages: [] }],
    claimSuggestions: [],
    embed: [],
    embedSuggestions: [],
    encryptKeys: [],
    jweAlgs: [],
    jweEncs: [],
    messages: [],
    errors: 0,
    warnings: 0,
    preview: { ok: false, message: 'x' },
  };

  test('known messages pass', () => {
    assert.ok(parseHostMessage({ type: 'model', model, version: 3, fileName: 'a.jwt.yaml' }));
    assert.ok(parseHostMessage({ type: 'done', action: 'copyToken', message: 'Token copied.' }));
    assert.ok(parseHostMessage({ type: 'failed', action: 'sign', message: 'No key.' }));
    assert.ok(parseHostMessage({ type: 'signed', signed: { token: 'a.b.c', segments: [1, 1, 1], encrypted: false, signature: { ok: true, message: 'ok' }, version: 1 } }));
  });

  test('unknown or malformed messages are dropped', () => {
    for (const m of [
      null,
      'model',
      [],
      { type: 'hello' },
      { type: 'model', model: { ...model, claims: 'x' }, version: 1, fileName: 'a' },
      { type: 'model', model: { ...model, claimSwitches: undefined }, version: 1, fileName: 'a' },
      { type: 'model', model: { ...model, claims: [{ name: 1 }] }, version: 1, fileName: 'a' },
      { type: 'model', model, version: '1', fileName: 'a' },
      { type: 'signed', signed: { token: 'a', segments: [], encrypted: false, version: 1 } },
      { type: 'done', action: 'copyToken' },
    ]) {
      assert.equal(parseHostMessage(m), undefined, JSON.stringify(m));
    }
  });

  test('saved state keeps only well-formed members', () => {
    assert.deepEqual(restoreUiState(undefined), { open: {} });
    assert.deepEqual(restoreUiState({ open: { token: false, x: 'yes' }, focus: 'sign', scrollY: 120, token: 'eyJ…' }), { open: { token: false }, focus: 'sign', scrollY: 120 });
    assert.deepEqual(restoreUiState({ open: [], focus: 3, scrollY: -1 }), { open: {} });
  });
});

describe('claim types', () => {
  const kept = (r: { ok: boolean; message?: string }, pattern: RegExp): void => {
    assert.equal(r.ok, false);
    assert.match(r.message ?? '', pattern);
    assert.match(r.message ?? '', /kept as it is/);
  };

  test('text that reads as the type is converted: "true" becomes true, "42" becomes 42, JSON text a list or object', () => {
    assert.deepEqual(convertValue('true', 'boolean'), { ok: true, value: true });
    assert.deepEqual(convertValue(' FALSE ', 'boolean'), { ok: true, value: false });
    assert.deepEqual(convertValue('42', 'number'), { ok: true, value: 42 });
    assert.deepEqual(convertValue('-1.5', 'number'), { ok: true, value: -1.5 });
    assert.deepEqual(convertValue('1e-7', 'number'), { ok: true, value: 1e-7 });
    assert.deepEqual(convertValue('["a", 2]', 'array'), { ok: true, value: ['a', 2] });
    assert.deepEqual(convertValue('{"team": 7}', 'object'), { ok: true, value: { team: 7 } });
    assert.deepEqual(convertValue('', 'array'), { ok: true, value: [] });
    assert.deepEqual(convertValue('', 'object'), { ok: true, value: {} });
    assert.deepEqual(convertValue('1800000000', 'date'), { ok: true, value: 1800000000 });
    assert.deepEqual(convertValue('2027-01-15T08:00:00Z', 'date'), { ok: true, value: Date.UTC(2027, 0, 15, 8) / 1000 });
  });

  test('any value becomes text; a single value becomes a list of one; a number is already a date', () => {
    assert.deepEqual(convertValue(true, 'string'), { ok: true, value: 'true' });
    assert.deepEqual(convertValue(42, 'string'), { ok: true, value: '42' });
    assert.deepEqual(convertValue({ a: [1] }, 'string'), { ok: true, value: '{"a":[1]}' });
    assert.deepEqual(convertValue('solo', 'array'), { ok: true, value: ['solo'] });
    assert.deepEqual(convertValue(7, 'array'), { ok: true, value: [7] });
    assert.deepEqual(convertValue(1800000000, 'date'), { ok: true, value: 1800000000 });
    assert.deepEqual(convertValue(null, 'object'), { ok: true, value: {} });
    // And back: text → boolean → text is where it started.
    const back = convertValue(convertValue('true', 'boolean').ok ? true : 'x', 'string');
    assert.deepEqual(back, { ok: true, value: 'true' });
  });

  test('what cannot be converted says so and keeps the value', () => {
    kept(convertValue('hello', 'number'), /"hello" cannot become a number/);
    kept(convertValue('yes', 'boolean'), /true or false/);
    kept(convertValue(2, 'boolean'), /^2 cannot/);
    kept(convertValue({ a: 1 }, 'array'), /a list/);
    kept(convertValue(['a'], 'object'), /an object/);
    kept(convertValue('[1, 2]', 'object'), /an object/);
    kept(convertValue(true, 'number'), /a number/);
    kept(convertValue('next tuesday', 'date'), /a date/);
    kept(convertValue(null, 'number'), /^null cannot/);
    kept(convertValue('x'.repeat(100), 'number'), /^"x{30,}… cannot/);
  });

  test('text becomes a number only when it reads back as itself: zeros, trailing digits, exponents, spaces and unsafe integers are refused, saying why', () => {
    for (const [text, becomes] of [['007', '7'], ['1.50', '1.5'], ['1e3', '1000'], [' 42 ', '42'], ['+5', '5'], ['-0', '0']] as const) {
      const r = convertValue(text, 'number');
      kept(r, new RegExp(`without changing: it would become ${becomes}\\.`));
      const typed = parseTypedText(text, 'number');
      assert.equal(typed.ok, false, text);
      assert.match(typed.ok ? '' : typed.message, new RegExp(`would be stored as ${becomes}\\. Type ${becomes} if that is what you mean, or make it a string`), text);
    }
    for (const text of ['12345678901234567890', '9007199254740993', '9007199254740992']) {
      kept(convertValue(text, 'number'), /too large to keep exactly/);
      const typed = parseTypedText(text, 'number');
      assert.match(typed.ok ? '' : typed.message, /too large to keep exactly; write it as a string/, text);
    }
    assert.deepEqual(parseExactNumber('9007199254740991'), { ok: true, value: Number.MAX_SAFE_INTEGER });
    assert.deepEqual(parseExactNumber('-12.25'), { ok: true, value: -12.25 });
    // Dates from digits follow the same rule.
    kept(convertValue('01800000000', 'date'), /it would become 1800000000/);
    assert.match((parseDateText('01800000000') as { message: string }).message, /without leading zeros.*1800000000/);
    assert.deepEqual(convertValue('1800000000', 'date'), { ok: true, value: 1800000000 });
  });

  test('a new claim\'s typed value is read as its type', () => {
    assert.deepEqual(parseTypedText('true', 'boolean'), { ok: true, value: true });
    assert.deepEqual(parseTypedText('true', 'string'), { ok: true, value: 'true' });
    assert.deepEqual(parseTypedText('12', 'number'), { ok: true, value: 12 });
    assert.deepEqual(parseTypedText('{"id": 7, "name": "Acme"}', 'object'), { ok: true, value: { id: 7, name: 'Acme' } });
    assert.deepEqual(parseTypedText('[1]', 'array'), { ok: true, value: [1] });
    assert.equal(parseTypedText('maybe', 'boolean').ok, false);
    assert.equal(parseTypedText('[1]', 'object').ok, false);
    assert.equal(parseTypedText('{}', 'array').ok, false);
    assert.equal(parseTypedText('{a}', 'object').ok, false);
    assert.equal(parseTypedText('', 'number').ok, false);
    const local = parseTypedText('2027-01-15T08:00', 'date');
    assert.ok(local.ok && local.value === localInputToEpoch('2027-01-15T08:00'));
  });

  test('dates typed as text: seconds, local date-times, ISO with a zone; nothing else', () => {
    assert.deepEqual(parseDateText('0'), { ok: true, value: 0 });
    assert.deepEqual(parseDateText('2027-01-15T08:00:00+01:00'), { ok: true, value: Date.UTC(2027, 0, 15, 7) / 1000 });
    assert.deepEqual(parseDateText('2027-01-15T08:00:00.999Z'), { ok: true, value: Date.UTC(2027, 0, 15, 8) / 1000 });
    for (const bad of ['', 'tomorrow', '2027-13-01T00:00Z', '1e9', '2027-01-15T08:00:00+1']) assert.equal(parseDateText(bad).ok, false, bad);
  });

  test('empty values of each type', () => {
    assert.deepEqual(['string', 'number', 'boolean', 'array', 'object', 'date'].map((t) => emptyValueOf(t as never, 1800000000.7)), ['', 0, false, [], {}, 1800000000]);
  });
});
