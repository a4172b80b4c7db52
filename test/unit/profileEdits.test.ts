// Token Editor form edits as text edits: the exact text for the common edits on
// a realistic profile (comments, spacing and line endings kept), refusals, and
// round trips: parse(after) is parse(before) with only the edited path changed.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'yaml';
import { applyTextEdits, editProfile } from '../../src/core/tokenEditor/edits';
import type { ProfileEdit, ProfilePath } from '../../src/core/tokenEditor/edits';

const EX = `# Activepieces embedding
preset: activepieces            # claims schema, header rules
key: ap-prod-2026               # key-ring id
ttl: 15m
claims:
  version: v3
  externalUserId: user_42
  # the role decides what they can do
  role: EDITOR                  # EDITOR | VIEWER | ADMIN
  tags: [a, b]
  meta:
    team: 7
embed:
  instanceUrl: https://cloud.activepieces.com
registered: { iat: false }
# encrypt: { key: partner-enc, alg: RSA-OAEP-256, enc: A256GCM }
`;
const COMMENTS = EX.split('\n').filter((l) => l.includes('#')).map((l) => l.slice(l.indexOf('#')));
const TIMEOUT = { timeout: 30_000 };
const SEED = { seed: 20260302 };

function edited(text: string, edit: ProfileEdit): string {
  const r = editProfile(text, edit);
  assert.ok(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.message}`);
  return applyTextEdits(text, r.edits);
}

function refused(text: string, edit: ProfileEdit, message: RegExp, code = 'EDIT_REFUSED'): void {
  const r = editProfile(text, edit);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, code);
    assert.match(r.error.message, message);
  }
}

/** `text` with one exact fragment replaced; fails if the fragment is not there once. */
function swap(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `"${from}" occurs once`);
  return text.replace(from, () => to);
}

/** The data `edit` should give: the original data with only that path changed. */
function expectedAfter(text: string, edit: ProfileEdit): unknown {
  const root = (parse(text) ?? {}) as Record<string, unknown>;
  const data = structuredClone(root);
  let node = data;
  for (const k of edit.path.slice(0, -1)) {
    if (typeof node[k] !== 'object' || node[k] === null) {
      if (edit.op !== 'set') return data;
      node[k] = {};
    }
    node = node[k] as Record<string, unknown>;
  }
  const last = edit.path.at(-1) as string;
  if (edit.op === 'set') node[last] = edit.value;
  else {
    const old = node[last];
    delete node[last];
    if (edit.op === 'rename') node[edit.to] = old;
  }
  return data;
}

function roundTrips(text: string, edit: ProfileEdit): string {
  const after = edited(text, edit);
  assert.deepEqual(parse(after) ?? {}, expectedAfter(text, edit));
  return after;
}

describe('set an existing key', () => {
  test('replaces only the value: trailing comment, spacing and the comment above stay', () => {
    const r = editProfile(EX, { op: 'set', path: ['claims', 'role'], value: 'VIEWER' });
    assert.ok(r.ok);
    assert.deepEqual(r.edits, [{ start: EX.indexOf('EDITOR  '), end: EX.indexOf('EDITOR  ') + 6, newText: 'VIEWER' }]);
    assert.equal(applyTextEdits(EX, r.edits), swap(EX, 'role: EDITOR ', 'role: VIEWER '));
  });

  test('strings YAML would read as something else are double-quoted', () => {
    const cases: Array<[string, string]> = [
      ['true', '"true"'], ['null', '"null"'], ['123', '"123"'], ['1e3', '"1e3"'], ['0x1F', '"0x1F"'], ['yes', '"yes"'],
      ['off', '"off"'], [' lead', '" lead"'], ['trail ', '"trail "'], ['a: b', '"a: b"'], ['a #b', '"a #b"'], ['', '""'],
      ['- x', '"- x"'], ['[x]', '"[x]"'], ['*x', '"*x"'], ["'q'", `"'q'"`], ['@x', '"@x"'], ['two\nlines', '"two\\nlines"'],
      ['a\u0085b', '"a\\u0085b"'], ['\u2028', '"\\u2028"'],
      ['ADMIN', 'ADMIN'], ['https://x.example/a?b=c', 'https://x.example/a?b=c'], ['two words', 'two words'], ['Zoë', 'Zoë'],
    ];
    for (const [value, yaml] of cases) {
      const after = roundTrips(EX, { op: 'set', path: ['claims', 'role'], value });
      assert.equal(after, swap(EX, 'role: EDITOR ', `role: ${yaml} `), value);
    }
  });

  test('numbers, booleans, null and short lists stay on the key line; booleans are booleans, not strings', () => {
    assert.equal(roundTrips(EX, { op: 'set', path: ['ttl'], value: 900 }), swap(EX, 'ttl: 15m', 'ttl: 900'));
    assert.equal(roundTrips(EX, { op: 'set', path: ['registered', 'iat'], value: true }), swap(EX, '{ iat: false }', '{ iat: true }'));
    assert.equal(roundTrips(EX, { op: 'set', path: ['claims', 'tags'], value: ['x y', 'true', 2, null] }), swap(EX, '[a, b]', '[x y, "true", 2, null]'));
    assert.equal(roundTrips(EX, { op: 'set', path: ['claims', 'role'], value: true }), swap(EX, 'role: EDITOR ', 'role: true '));
    assert.equal(roundTrips(EX, { op: 'set', path: ['claims', 'role'], value: [] }), swap(EX, 'role: EDITOR ', 'role: [] '));
  });

  test('a mapping is written as a block mapping below its key; a comment on the key line stays', () => {
    // Before: `version: v3`; after: the key line, then the mapping's own lines.
    assert.equal(roundTrips(EX, { op: 'set', path: ['claims', 'version'], value: { a: [], b: {} } }), swap(EX, 'version: v3', 'version:\n    a: []\n    b: {}'));
    assert.equal(
      roundTrips(EX, { op: 'set', path: ['claims', 'role'], value: { name: 'editor', scopes: ['read', 'write'] } }),
      swap(EX, 'role: EDITOR                  # EDITOR | VIEWER | ADMIN\n', 'role:                  # EDITOR | VIEWER | ADMIN\n    name: editor\n    scopes: [read, write]\n'),
    );
  });

  test('a block mapping replaced by a mapping keeps block style; by a scalar, its lines go (one edit, not an insert touching a delete)', () => {
    const r = editProfile(EX, { op: 'set', path: ['claims', 'meta'], value: { team: 8 } });
    assert.deepEqual(r.ok && r.edits, [{ start: EX.indexOf('\n    team'), end: EX.indexOf('7\nembed') + 1, newText: '\n    team: 8' }]);
    assert.equal(roundTrips(EX, { op: 'set', path: ['claims', 'meta'], value: { team: 8, org: { id: 3 } } }), swap(EX, 'meta:\n    team: 7', 'meta:\n    team: 8\n    org:\n      id: 3'));
    const list = 'claims:\n  tags:   # who\n  - a\n  - b\n  x: 1\n';
    assert.equal(roundTrips(list, { op: 'set', path: ['claims', 'tags'], value: 'c' }), 'claims:\n  tags: c   # who\n  x: 1\n');
    assert.equal(roundTrips(list, { op: 'set', path: ['claims', 'tags'], value: { k: 'v' } }), 'claims:\n  tags:   # who\n    k: v\n  x: 1\n');
    const lit = 'claims:\n  a: |  # note\n    hello\n  b: 1\n';
    assert.equal(roundTrips(lit, { op: 'set', path: ['claims', 'a'], value: { k: 1 } }), 'claims:\n  a:  # note\n    k: 1\n  b: 1\n');
  });

  test('long lists become block sequences, each item compact: pairs stay one per line', () => {
    const pairs = [['twitter', 'adalovelace'], ['linkedin', 'ada-lovelace-1815'], ['company', 'Analytical Engines Ltd'], ['title', 'Programmer']];
    assert.equal(
      roundTrips(EX, { op: 'set', path: ['claims', 'tags'], value: pairs }),
      swap(EX, 'tags: [a, b]', 'tags:\n    - [twitter, adalovelace]\n    - [linkedin, ada-lovelace-1815]\n    - [company, Analytical Engines Ltd]\n    - [title, Programmer]'),
    );
    // Mappings in a list start on the dash's line.
    assert.equal(roundTrips('claims:\n  a: 1\n', { op: 'set', path: ['claims', 'orgs'], value: [{ id: 1, name: 'x' }, { id: 2 }] }), 'claims:\n  a: 1\n  orgs:\n    - id: 1\n      name: x\n    - id: 2\n');
  });

  test('block scalars, empty values and unchanged values', () => {
    const lit = 'claims:\n  a: |  # note\n    hello\n    world\n  b: 1\n';
    assert.equal(roundTrips(lit, { op: 'set', path: ['claims', 'a'], value: 'x' }), 'claims:\n  a: x  # note\n  b: 1\n');
    assert.equal(roundTrips('claims:\n  a:\n  b: 1\n', { op: 'set', path: ['claims', 'a'], value: 5 }), 'claims:\n  a: 5\n  b: 1\n');
    const same = editProfile(EX, { op: 'set', path: ['claims', 'role'], value: 'EDITOR' });
    assert.deepEqual(same.ok && same.edits, []);
  });
});

describe('set a missing key', () => {
  test('a new claim lands after the meta block, at the claims indentation, before embed:', () => {
    const after = roundTrips(EX, { op: 'set', path: ['claims', 'firstName'], value: 'Ada' });
    assert.equal(after, swap(EX, '    team: 7\n', '    team: 7\n  firstName: Ada\n'));
  });

  test('into a flow mapping with items (the file\'s own style): after its last item, in flow style', () => {
    assert.equal(roundTrips(EX, { op: 'set', path: ['registered', 'jti'], value: true }), swap(EX, '{ iat: false }', '{ iat: false, jti: true }'));
    const flow = 'preset: generic\nclaims: { sub: u1 }\n';
    assert.equal(roundTrips(flow, { op: 'set', path: ['claims', 'iss'], value: 'me' }), 'preset: generic\nclaims: { sub: u1, iss: me }\n');
    assert.equal(roundTrips(flow, { op: 'set', path: ['claims', 'meta'], value: { a: true } }), 'preset: generic\nclaims: { sub: u1, meta: { a: true } }\n');
    // A whole file in flow style stays flow.
    assert.equal(roundTrips('{ preset: generic, claims: {} }\n', { op: 'set', path: ['claims', 'sub'], value: 'u1' }), '{ preset: generic, claims: { sub: u1 } }\n');
  });

  test('an empty `claims: {}` in a block file becomes a block mapping: claims added one after another stay block', () => {
    const before = '# Generic token\npreset: generic\nkey: k1            # a key-ring id\nttl: 15m\nclaims: {}\n';
    const one = roundTrips(before, { op: 'set', path: ['claims', 'sub'], value: 'u1' });
    assert.equal(one, '# Generic token\npreset: generic\nkey: k1            # a key-ring id\nttl: 15m\nclaims:\n  sub: u1\n');
    const two = roundTrips(one, { op: 'set', path: ['claims', 'iss'], value: 'https://issuer.example' });
    assert.equal(two, `${one}  iss: https://issuer.example\n`);
    const three = roundTrips(two, { op: 'set', path: ['claims', 'admin'], value: true });
    assert.equal(three, `${two}  admin: true\n`);
    const four = roundTrips(three, { op: 'set', path: ['claims', 'org'], value: { id: 7, name: 'Acme' } });
    assert.equal(four, `${three}  org:\n    id: 7\n    name: Acme\n`);
    // `claims: {}   # comment` keeps its comment; an empty `registered: {}` does the same.
    assert.equal(roundTrips('claims: {}   # none yet\nttl: 5m\n', { op: 'set', path: ['claims', 'sub'], value: 'u1' }), 'claims:   # none yet\n  sub: u1\nttl: 5m\n');
    assert.equal(roundTrips('registered: {}\n', { op: 'set', path: ['registered', 'jti'], value: true }), 'registered:\n  jti: true\n');
  });

  test('a profile with no claims yet gets a block `claims:`; so does `claims: ~`', () => {
    const before = 'preset: generic\nkey: k1\n';
    assert.equal(roundTrips(before, { op: 'set', path: ['claims', 'sub'], value: 'u1' }), 'preset: generic\nkey: k1\nclaims:\n  sub: u1\n');
    assert.equal(roundTrips(before, { op: 'set', path: ['claims', 'org'], value: { id: 7 } }), 'preset: generic\nkey: k1\nclaims:\n  org:\n    id: 7\n');
    assert.equal(roundTrips('claims: ~  # later\nttl: 5m\n', { op: 'set', path: ['claims', 'sub'], value: 'u1' }), 'claims:  # later\n  sub: u1\nttl: 5m\n');
  });

  test('a missing parent mapping is created at the end of its own parent', () => {
    const after = roundTrips(EX, { op: 'set', path: ['encrypt', 'alg'], value: 'RSA-OAEP-256' });
    assert.equal(after, `${EX}encrypt:\n  alg: RSA-OAEP-256\n`);
    const deep = roundTrips(EX, { op: 'set', path: ['claims', 'meta', 'org', 'id'], value: 3 });
    assert.equal(deep, swap(EX, '    team: 7\n', '    team: 7\n    org:\n      id: 3\n'));
  });

  test('an empty parent (`claims:`) gets its first child below it; its comment stays', () => {
    assert.equal(roundTrips('claims:   # who\nttl: 5m\n', { op: 'set', path: ['claims', 'sub'], value: 'u1' }), 'claims:   # who\n  sub: u1\nttl: 5m\n');
  });

  test('comments indented as items stay with the mapping; a less indented one stays with what follows', () => {
    const text = 'claims:\n  a: 1\n  # b: 2\n# the embed\nembed: {}\n';
    assert.equal(roundTrips(text, { op: 'set', path: ['claims', 'c'], value: 3 }), 'claims:\n  a: 1\n  # b: 2\n  c: 3\n# the embed\nembed: {}\n');
  });

  test('indentation is taken from the file', () => {
    const text = 'claims:\n    a: 1\nembed:\n    url: x\n';
    assert.equal(roundTrips(text, { op: 'set', path: ['claims', 'b'], value: 2 }), 'claims:\n    a: 1\n    b: 2\nembed:\n    url: x\n');
    assert.equal(roundTrips(text, { op: 'set', path: ['encrypt', 'enc'], value: 'A256GCM' }), `${text}encrypt:\n    enc: A256GCM\n`);
  });

  test('empty text, comments only, and a file without a final newline', () => {
    assert.equal(roundTrips('', { op: 'set', path: ['claims', 'sub'], value: 'u1' }), 'claims:\n  sub: u1\n');
    assert.equal(roundTrips('# new\n', { op: 'set', path: ['preset'], value: 'generic' }), '# new\npreset: generic\n');
    assert.equal(roundTrips('ttl: 5m', { op: 'set', path: ['key'], value: 'k1' }), 'ttl: 5m\nkey: k1');
    assert.equal(roundTrips('claims:\n  a: 1', { op: 'set', path: ['claims', 'b'], value: 2 }), 'claims:\n  a: 1\n  b: 2');
  });
});

describe('remove', () => {
  test('a block value goes with all its lines', () => {
    assert.equal(roundTrips(EX, { op: 'remove', path: ['claims', 'meta'] }), swap(EX, '  meta:\n    team: 7\n', ''));
  });

  test('the line and its trailing comment go; the comment line above stays (it may be about more than this key)', () => {
    assert.equal(roundTrips(EX, { op: 'remove', path: ['claims', 'role'] }), swap(EX, '  role: EDITOR                  # EDITOR | VIEWER | ADMIN\n', ''));
  });

  test('the last item of a block mapping leaves `parent: {}`', () => {
    assert.equal(roundTrips(EX, { op: 'remove', path: ['embed', 'instanceUrl'] }), swap(EX, 'embed:\n  instanceUrl: https://cloud.activepieces.com\n', 'embed: {}\n'));
  });

  test('flow mapping items go with their comma', () => {
    assert.equal(roundTrips(EX, { op: 'remove', path: ['registered', 'iat'] }), swap(EX, '{ iat: false }', '{}'));
    const flow = 'r: { a: 1, b: 2, c: 3 }\n';
    assert.equal(roundTrips(flow, { op: 'remove', path: ['r', 'a'] }), 'r: { b: 2, c: 3 }\n');
    assert.equal(roundTrips(flow, { op: 'remove', path: ['r', 'c'] }), 'r: { a: 1, b: 2 }\n');
  });

  test('a missing path is no edit; a file without a final newline keeps lacking one', () => {
    const r = editProfile(EX, { op: 'remove', path: ['encrypt', 'alg'] });
    assert.deepEqual(r.ok && r.edits, []);
    assert.equal(roundTrips('ttl: 5m\nkey: k1', { op: 'remove', path: ['key'] }), 'ttl: 5m');
  });
});

describe('rename', () => {
  test('replaces only the key: value, position and comments stay', () => {
    assert.equal(roundTrips(EX, { op: 'rename', path: ['claims', 'role'], to: 'userRole' }), swap(EX, '  role: EDITOR', '  userRole: EDITOR'));
    assert.equal(roundTrips(EX, { op: 'rename', path: ['claims', 'meta'], to: 'org' }), swap(EX, '  meta:\n', '  org:\n'));
    assert.equal(roundTrips(EX, { op: 'rename', path: ['registered', 'iat'], to: 'null' }), swap(EX, '{ iat: false }', '{ "null": false }'));
  });

  test('refuses a name that exists, an empty name and a missing key', () => {
    refused(EX, { op: 'rename', path: ['claims', 'role'], to: 'tags' }, /claims\.tags` already exists/);
    refused(EX, { op: 'rename', path: ['claims', 'role'], to: '' }, /empty name/);
    refused(EX, { op: 'rename', path: ['claims', 'nope'], to: 'x' }, /no `claims\.nope`/);
  });
});

describe('line endings and layouts', () => {
  const CRLF = EX.replace(/\n/g, '\r\n');
  const edits: ProfileEdit[] = [
    { op: 'set', path: ['claims', 'role'], value: 'a\nb' },
    { op: 'set', path: ['claims', 'firstName'], value: 'Ada' },
    { op: 'set', path: ['claims', 'meta'], value: [1] },
    { op: 'set', path: ['encrypt', 'alg'], value: 'dir' },
    { op: 'remove', path: ['claims', 'meta'] },
    { op: 'remove', path: ['embed', 'instanceUrl'] },
    { op: 'rename', path: ['claims', 'tags'], to: 'labels' },
  ];
  for (const edit of edits) {
    test(`CRLF stays CRLF: ${edit.op} ${edit.path.join('.')}`, () => {
      const after = roundTrips(CRLF, edit);
      assert.equal(after.replace(/\r\n/g, ''), after.replace(/\r\n/g, '').replace(/[\r\n]/g, ''), 'no lone \\n or \\r');
      assert.equal(after, edited(EX, edit).replace(/\n/g, '\r\n'));
    });
  }

  test('anchors and tags: a tagged value loses its tag with its value; values shared through an anchor are refused', () => {
    const text = '# top\nbase: &b { x: 1 }\nclaims:\n  y: *b   # alias\n  n: !!str 5 # five\n';
    assert.equal(roundTrips(text, { op: 'set', path: ['claims', 'n'], value: 6 }), swap(text, '!!str 5 #', '6 #'));
    assert.equal(roundTrips(text, { op: 'set', path: ['claims', 'z'], value: 'q' }), `${text}  z: q\n`);
    refused(text, { op: 'set', path: ['base', 'x'], value: 2 }, /anchor &b.*every \*b/);
    refused(text, { op: 'remove', path: ['base'] }, /anchor &b/);
  });

  test('layouts the range edits do not cover go through the yaml Document API as one trimmed edit', () => {
    const text = '# top\nttl: 5m # short\nclaims:\n  ? role\n  : EDITOR\n';
    const r = editProfile(text, { op: 'set', path: ['claims', 'b'], value: 2 });
    assert.ok(r.ok);
    assert.equal(r.edits.length, 1);
    assert.ok((r.edits[0]?.start ?? 0) >= text.indexOf('  ? role'), 'lines above the change are untouched');
    roundTrips(text, { op: 'set', path: ['claims', 'b'], value: 2 });
  });

  test('every result is re-parsed: a key too long for `key:` (over 1024 characters) comes out as `? key`', () => {
    const long = 'k'.repeat(1100);
    assert.match(roundTrips('claims:\n  a: 1\n', { op: 'rename', path: ['claims', 'a'], to: long }), /\? k{1100}\n/);
  });
});

describe('refusals', () => {
  const set = (path: ProfilePath, value: unknown = 1): ProfileEdit => ({ op: 'set', path, value });
  test('YAML syntax errors, several documents, a root that is not a mapping', () => {
    refused('claims:\n  role: a: b\n', set(['ttl']), /not valid YAML \(.*line 2/);
    refused('ttl: 5m\n---\nttl: 6m\n', set(['ttl']), /not valid YAML/);
    refused('claims: 1\nclaims: 2\n', set(['ttl']), /not valid YAML/);
    refused('- a\n- b\n', set(['ttl']), /mapping of keys/);
    refused('just text\n', set(['ttl']), /mapping of keys/);
  });

  test('a path step that is a scalar or a list', () => {
    refused(EX, set(['ttl', 'x']), /`ttl` is a scalar \(15m\), not a mapping/);
    refused(EX, set(['claims', 'tags', 'x']), /`claims\.tags` is a list, not a mapping/);
    refused('claims: 5\n', set(['claims', 'sub']), /`claims` is a scalar \(5\)/);
  });

  test('bad paths, values that are not JSON, text over 1 MB', () => {
    refused(EX, set([]), /1 to 4 keys/);
    refused(EX, set(['a', 'b', 'c', 'd', 'e']), /1 to 4 keys/);
    refused(EX, set(['claims', '']), /non-empty/);
    refused(EX, set(['ttl'], Number.NaN), /finite/);
    refused(EX, set(['ttl'], new Date(0)), /plain objects/);
    refused(EX, set(['ttl'], () => 1), /plain objects/);
    refused(`ttl: ${'x'.repeat(1_000_001)}\n`, set(['ttl']), /1 MB/, 'TOO_LARGE');
  });
});

describe('property: round trips', () => {
  const special = fc.constantFrom('#', ' #', ': ', ':', ' ', '\n', '\r\n', '\t', '"', "'", '\\', '-', '?', '[', ']', '{', '}', ',', '&', '*', '!',
    '|', '>', '%', '@', '`', '~', 'true', 'null', 'yes', 'No', '0x1F', '1e3', '12', '.5', '.inf', '2026-01-02', 'é', '😀', '\u0085', '\u2028', '\ufeff', '\u007f');
  const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
  const anyString = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: special, maxLength: 8 }),
    fc.string({ unit: codeUnit, maxLength: 12 }),
    fc.string({ unit: fc.oneof(special, fc.constantFrom('a', 'B', '1', '_', '.', '/')), maxLength: 10 }),
  );
  const anyKey = anyString.filter((k) => k.length > 0 && k !== '__proto__');
  const anyJson = fc.jsonValue({ maxDepth: 3 }).filter((v) => !JSON.stringify(v).includes('"__proto__"'));
  const keepsComments = (after: string): void => {
    for (const c of COMMENTS) assert.ok(after.includes(c), c);
  };

  test('any string set on an existing and a new claim reads back exactly', TIMEOUT, () => {
    fc.assert(
      fc.property(anyString, fc.constantFrom<ProfilePath>(['claims', 'version'], ['claims', 'newClaim'], ['embed', 'instanceUrl'], ['registered', 'jti']), (value, path) => {
        const edit: ProfileEdit = { op: 'set', path, value };
        keepsComments(roundTrips(EX, edit));
        roundTrips(EX.replace(/\n/g, '\r\n'), edit);
      }),
      { ...SEED, numRuns: 400 },
    );
  });

  test('any JSON value set on existing scalars, block and flow collections and new keys reads back exactly', TIMEOUT, () => {
    const paths: ProfilePath[] = [['claims', 'role'], ['claims', 'meta'], ['claims', 'tags'], ['claims', 'fresh'], ['registered', 'iat'], ['encrypt', 'key'], ['ttl']];
    fc.assert(
      fc.property(anyJson, fc.constantFrom(...paths), (value, path) => {
        keepsComments(roundTrips(EX, { op: 'set', path, value }));
      }),
      { ...SEED, numRuns: 400 },
    );
  });

  test('any key name: new claims, renames and removes read back exactly', TIMEOUT, () => {
    fc.assert(
      fc.property(anyKey, anyString, (key, value) => {
        fc.pre(!['version', 'externalUserId', 'role', 'tags', 'meta'].includes(key));
        const added = roundTrips(EX, { op: 'set', path: ['claims', key], value });
        roundTrips(added, { op: 'remove', path: ['claims', key] });
        keepsComments(roundTrips(EX, { op: 'rename', path: ['claims', 'role'], to: key }));
        roundTrips(EX, { op: 'rename', path: ['registered', 'iat'], to: key });
      }),
      { ...SEED, numRuns: 300 },
    );
  });

  test('never throws on arbitrary YAML-ish text; whatever it accepts is exactly the edit', TIMEOUT, () => {
    const yamlish = fc.string({ unit: fc.constantFrom('claims', 'a', ':', ' ', '  ', '\n', '- ', '{', '}', '[', ']', ',', '#', '"', '|', '&x ', '*x', '~', '1'), maxLength: 30 });
    const edit = fc.oneof(
      anyJson.map((value): ProfileEdit => ({ op: 'set', path: ['claims', 'a'], value })),
      fc.constant<ProfileEdit>({ op: 'remove', path: ['claims', 'a'] }),
      fc.constant<ProfileEdit>({ op: 'rename', path: ['claims', 'a'], to: 'b' }),
    );
    fc.assert(
      fc.property(yamlish, edit, (text, e) => {
        const r = editProfile(text, e);
        if (r.ok) assert.deepEqual(parse(applyTextEdits(text, r.edits)) ?? {}, expectedAfter(text, e));
        else assert.ok(r.error.message.length > 0);
      }),
      { ...SEED, numRuns: 500 },
    );
  });
});
