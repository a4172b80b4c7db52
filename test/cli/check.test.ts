// `jwt-studio check`, run as a child process: the lines it prints are the
// core's diagnostics at the positions the editor shows them (computed here
// from parseProfile's offsets), folders are searched as documented, keys are
// judged as in the editor, and bad files are reported without stopping.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkPreset, listPresets, parseProfile } from '../../src/core/index';
import type { ProfileDiagnostic, ProfileKeyInfo } from '../../src/core/index';
import { runCli, tempFolder } from './cli';
import { keyPair } from '../keyPairs';

/** Writes files (path → text) under `dir`, making folders as needed. */
function files(dir: string, tree: Record<string, string | Buffer>): void {
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Runs `body` in a new temporary folder holding `tree`, removed afterwards. */
async function inFolder(tree: Record<string, string | Buffer>, body: (dir: string) => Promise<void>): Promise<void> {
  const { dir, cleanup } = tempFolder();
  try {
    files(dir, tree);
    await body(dir);
  } finally {
    cleanup();
  }
}

/** 1-based line and UTF-16 column of an offset, counted the plain way: split the text before it into lines. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** The lines `check` should print for `text` at `path`, from the core's own diagnostics. */
function expectedLines(path: string, text: string, diagnostics: readonly ProfileDiagnostic[]): string[] {
  return diagnostics
    .filter((d) => d.severity !== 'hint')
    .map((d, i) => ({ d, i, at: position(text, d.start) }))
    .sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column || a.i - b.i)
    .map(({ d, at }) => `${path}:${at.line}:${at.column}: ${d.severity}: ${d.message}`);
}

const lines = (stdout: string): string[] => stdout.split('\n').filter((l) => l !== '');

const pem = (type: 'ec' | 'rsa'): string => {
  const pair = type === 'ec' ? keyPair('ec', { namedCurve: 'P-256' }) : keyPair('rsa', { modulusLength: 2048 });
  return pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
};

// Problems on several lines; the last ones stand after a character outside the BMP (two UTF-16 units).
const SEVERAL = 'preset: activepieces\nkey: ap-rs\nttl: 2h\nregistered: { colour: true }\nclaims: { "😀": 1, version: v9 }\n';
const CLEAN = 'preset: generic\nkey: signer\nclaims:\n  sub: user-1\n';

describe('check: output', () => {
  test('a clean profile: exit 0, nothing on stdout, the count on stderr', () =>
    inFolder({ 'ok.jwt.yaml': CLEAN }, async (dir) => {
      assert.deepEqual(parseProfile(CLEAN).diagnostics, []);
      const run = await runCli(['check', 'ok.jwt.yaml'], { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, 'jwt-studio: 1 profile checked: no problems\n');
    }));

  test('a profile with several problems: every diagnostic at its editor position, sorted, exit 1', () =>
    inFolder({ 'bad.jwt.yaml': SEVERAL }, async (dir) => {
      const run = await runCli(['check', 'bad.jwt.yaml'], { cwd: dir });
      assert.equal(run.code, 1, run.stderr);
      const expected = expectedLines('bad.jwt.yaml', SEVERAL, parseProfile(SEVERAL).diagnostics);
      assert.ok(expected.length >= 5, expected.join('\n'));
      assert.deepEqual(lines(run.stdout), expected);
      // Counted by hand: "claims: { " is 10 units, the emoji 2, so v9 starts at column 29 (28 code points in).
      assert.ok(lines(run.stdout).includes('bad.jwt.yaml:5:29: error: Claim "version" must be one of "v3"; got "v9".'), run.stdout);
      assert.ok(lines(run.stdout).some((l) => l.startsWith('bad.jwt.yaml:4:15: error: "colour" is not a generated claim')), run.stdout);
      const errors = expected.filter((l) => l.includes(': error: ')).length;
      assert.match(run.stderr, new RegExp(`^jwt-studio: 1 profile checked: ${errors} errors, `));
    }));

  test('--json: one object per problem with the range the editor underlines', () =>
    inFolder({ 'bad.jwt.yaml': SEVERAL, 'ok.jwt.yaml': CLEAN }, async (dir) => {
      const run = await runCli(['check', '--json', 'bad.jwt.yaml', 'ok.jwt.yaml'], { cwd: dir });
      assert.equal(run.code, 1, run.stderr);
      const problems = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
      const diagnostics = parseProfile(SEVERAL).diagnostics.filter((d) => d.severity !== 'hint');
      assert.equal(problems.length, diagnostics.length);
      for (const p of problems) {
        assert.deepEqual(Object.keys(p), ['path', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
        assert.equal(p.path, 'bad.jwt.yaml');
        const d = diagnostics.find((x) => x.code === p.code && x.message === p.message)!;
        assert.ok(d, `${String(p.code)} is a diagnostic of the core`);
        assert.deepEqual([p.line, p.column], Object.values(position(SEVERAL, d.start)));
        assert.deepEqual([p.endLine, p.endColumn], Object.values(position(SEVERAL, d.end > d.start ? d.end : d.start + 1)));
        assert.equal(p.severity, d.severity);
      }
      const clean = await runCli(['check', '--json', 'ok.jwt.yaml'], { cwd: dir });
      assert.equal(clean.code, 0);
      assert.deepEqual(JSON.parse(clean.stdout), []);
    }));

  test('bidi and control characters in a value or a file name are printed escaped', () => {
    const name = 'a\u202Egnp.jwt.yaml';
    return inFolder({ [name]: 'preset: "acme\u202Elive\\e[2J"\nkey: k\n' }, async (dir) => {
      const run = await runCli(['check', '.'], { cwd: dir });
      assert.equal(run.code, 1);
      assert.ok(!run.stdout.includes('\u202E') && !run.stdout.includes('\u001b'), JSON.stringify(run.stdout));
      assert.match(run.stdout, /^a\\u202Egnp\.jwt\.yaml:1:9: error: Unknown preset "acme\\u202Elive\\u001B\[2J"\./);
      const json = await runCli(['check', '.', '--json'], { cwd: dir });
      assert.ok(!json.stdout.includes('\u202E'));
      assert.equal((JSON.parse(json.stdout) as Array<{ path: string }>)[0]!.path, name);
    });
  });
});

describe('check: files and folders', () => {
  const BAD = 'preset: nope\nkey: k\n';

  test('a folder is searched recursively, skipping node_modules, hidden folders and links', async () => {
    const outside = tempFolder();
    files(outside.dir, { 'far.jwt.yaml': BAD });
    const tree = { 'repo/top.jwt.yaml': BAD, 'repo/a/b/c/deep.jwt.yaml': BAD, 'repo/a/notes.yaml': BAD, 'repo/node_modules/pkg/dep.jwt.yaml': BAD, 'repo/.git/x.jwt.yaml': BAD, 'repo/.vscode/y.jwt.yaml': BAD };
    try {
      await inFolder(tree, async (dir) => {
        symlinkSync(outside.dir, join(dir, 'repo/linked'));
        symlinkSync(join(outside.dir, 'far.jwt.yaml'), join(dir, 'repo/link.jwt.yaml'));
        const run = await runCli(['check', 'repo'], { cwd: dir });
        assert.equal(run.code, 1, run.stderr);
        const paths = lines(run.stdout).map((l) => l.split(':')[0]);
        assert.deepEqual([...new Set(paths)], ['repo/a/b/c/deep.jwt.yaml', 'repo/top.jwt.yaml']);
        assert.match(run.stderr, /^jwt-studio: 2 profiles checked: 2 errors\n$/);
        // Named on the command line, a file is checked whatever its name, with a note that the editor would not.
        const named = await runCli(['check', 'repo/a/notes.yaml', 'repo/node_modules/pkg/dep.jwt.yaml'], { cwd: dir });
        assert.deepEqual([...new Set(lines(named.stdout).map((l) => l.split(':')[0]))], ['repo/a/notes.yaml', 'repo/node_modules/pkg/dep.jwt.yaml']);
        assert.match(named.stderr, /repo\/a\/notes\.yaml does not end in \.jwt\.yaml: it is checked as a profile/);
      });
    } finally {
      outside.cleanup();
    }
  });

  test('usage errors exit 2 before anything is printed: no argument, a missing path, a folder with no profile, a missing key file', () =>
    inFolder({ 'ok.jwt.yaml': CLEAN, 'empty/node_modules/x.jwt.yaml': CLEAN }, async (dir) => {
      for (const [args, message] of [
        [['check'], /^jwt-studio: no profile given: name \*\.jwt\.yaml files, or folders to search for them \(see "jwt-studio check --help"\)\n$/],
        [['check', 'ok.jwt.yaml', 'missing.jwt.yaml'], /^jwt-studio: missing\.jwt\.yaml: no such file or folder; check the path\n$/],
        [['check', 'empty'], /^jwt-studio: no \*\.jwt\.yaml profile in empty /],
        [['check', 'ok.jwt.yaml', '--key', 'missing.pem'], /^jwt-studio: missing\.pem: no such file; check the path\n$/],
        [['check', 'ok.jwt.yaml', '--key', 'env:JWT_STUDIO_TEST_UNSET'], /environment variable JWT_STUDIO_TEST_UNSET is not set/],
      ] as const) {
        const run = await runCli(args, { cwd: dir });
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, message);
      }
    }));

  test('a file too large or not text is one error line of its own, and the other files are still checked', () =>
    inFolder(
      {
        'big.jwt.yaml': `preset: generic\nclaims:\n${'  a: b\n'.repeat(300_000)}`,
        'binary.jwt.yaml': Buffer.from([0x70, 0x3a, 0xff, 0xfe, 0x00]),
        'ok.jwt.yaml': CLEAN,
        'z.jwt.yaml': SEVERAL,
      },
      async (dir) => {
        const run = await runCli(['check', '.'], { cwd: dir });
        assert.equal(run.code, 1, run.stderr);
        const out = lines(run.stdout);
        assert.equal(out[0], 'big.jwt.yaml:1:1: error: This file is 2.0 MB and was not read: a profile is a few hundred lines (at most 1 MB).');
        assert.equal(out[1], 'binary.jwt.yaml:1:1: error: This file is not UTF-8 text; a key, token or profile is text (save it as UTF-8)');
        assert.deepEqual(out.slice(2), expectedLines('z.jwt.yaml', SEVERAL, parseProfile(SEVERAL).diagnostics));
        assert.match(run.stderr, /4 profiles checked: /);
      },
    ));

  test('the search stops with exit 2 at its bounds: folders 33 deep, more than 10,000 profiles', () => {
    const deep = Array.from({ length: 33 }, (_, i) => `d${i}`).join('/');
    return inFolder({ [`deep/${deep}/x.jwt.yaml`]: CLEAN, 'deep/near.jwt.yaml': CLEAN }, async (dir) => {
      const tooDeep = await runCli(['check', 'deep'], { cwd: dir });
      assert.equal(tooDeep.code, 2);
      assert.equal(tooDeep.stdout, '');
      assert.match(tooDeep.stderr, /d32 is more than 32 folders below deep; name a folder nearer the profiles/);
      // 32 below is still searched.
      const ok = await runCli(['check', `deep/d0`], { cwd: dir });
      assert.equal(ok.code, 0, ok.stderr);

      mkdirSync(join(dir, 'many'));
      for (let i = 0; i <= 10_000; i++) writeFileSync(join(dir, 'many', `p${i}.jwt.yaml`), CLEAN);
      const many = await runCli(['check', 'many'], { cwd: dir });
      assert.equal(many.code, 2);
      assert.equal(many.stdout, '');
      assert.match(many.stderr, /more than 10000 profiles under the folders given/);
    });
  });
});

describe('check: workspace presets', () => {
  const REPLACEMENT = ['id: tableau', 'name: Tableau (our rules)', 'alg: { default: HS256, allowed: [HS256] }', 'lifetime: { default: 5m, max: 1h }', 'claims:', '  type: object', ''].join('\n');
  const BROKEN = ['id: acme', 'name: Acme', 'alg: { default: HS256, allowed: [HS256, none] }', 'lifetime: { default: 5m }', 'claims: { type: object }', ''].join('\n');
  const PROFILE = 'preset: tableau\nkey: t\nttl: 30m\nclaims:\n  sub: ada\n';
  const TREE = { 'ws/.vscode/jwt-presets/tableau.yaml': REPLACEMENT, 'ws/.vscode/jwt-presets/acme.yaml': BROKEN, 'ws/p.jwt.yaml': PROFILE };

  test("a broken preset file's problems, and a preset that replaces a built-in judging the profile", () =>
    inFolder(TREE, async (dir) => {
      // The built-in Tableau preset allows 10 minutes at most.
      assert.ok(parseProfile(PROFILE).diagnostics.some((d) => d.code === 'TTL_OVER_MAX'));
      const replaced = listPresets([checkPreset(REPLACEMENT, 'tableau.yaml').preset!]);
      const profileLines = expectedLines('p.jwt.yaml', PROFILE, parseProfile(PROFILE, { presets: replaced }).diagnostics);
      const presetLines = [
        ...expectedLines('.vscode/jwt-presets/acme.yaml', BROKEN, checkPreset(BROKEN, 'acme.yaml').diagnostics),
        // A review of the repository sees that a vendor's rules were replaced.
        ".vscode/jwt-presets/tableau.yaml:1:1: info: This preset replaces JWT Studio's built-in preset 'tableau': profiles of that preset take their lifetime, claims and embed address from this file.",
      ];
      // Counted by hand: "alg: { default: HS256, allowed: [HS256, " is 40 characters.
      assert.ok(presetLines.some((l) => l.startsWith('.vscode/jwt-presets/acme.yaml:3:41: error: ')), presetLines.join('\n'));

      const run = await runCli(['check', '.'], { cwd: join(dir, 'ws') });
      assert.equal(run.code, 1, run.stderr);
      assert.deepEqual(lines(run.stdout), [...presetLines, ...profileLines]);
      assert.ok(!run.stdout.includes('TTL') && !run.stdout.includes('at most 10m'), run.stdout);
      assert.match(run.stderr, /1 profile and 2 presets checked: /);

      // --workspace from elsewhere: the same presets, paths as seen from where it runs.
      const elsewhere = await runCli(['check', 'ws/p.jwt.yaml', '--workspace', 'ws'], { cwd: dir });
      assert.deepEqual(lines(elsewhere.stdout), [...presetLines, ...profileLines].map((l) => `ws/${l}`));
      // Without the workspace, the built-in preset judges the profile.
      const builtin = await runCli(['check', 'ws/p.jwt.yaml'], { cwd: dir });
      assert.match(builtin.stdout, /^ws\/p\.jwt\.yaml:3:6: error: .*accepts at most 10m; this profile asks for 30m/m);
    }));
});

describe('check: keys', () => {
  const AP = 'preset: activepieces\nkey: ap-rs\nclaims:\n  version: v3\n  externalUserId: u1\n  externalProjectId: p1\n  firstName: Ada\n  lastName: Lovelace\n';
  const MB = 'preset: metabase-embed\nkey: mb\nclaims:\n  resource: { dashboard: 7 }\n  params: {}\nembed:\n  siteUrl: https://metabase.example.com\n';
  const OTHER = 'preset: generic\nkey: other\nclaims:\n  sub: u1\n';
  const SECRET = 'a-shared-secret-of-more-than-thirty-two-bytes';

  test('without --key, `key:` is a name and not judged', () =>
    inFolder({ 'ap.jwt.yaml': AP }, async (dir) => {
      const run = await runCli(['check', 'ap.jwt.yaml'], { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(lines(run.stdout), expectedLines('ap.jwt.yaml', AP, parseProfile(AP).diagnostics));
      assert.ok(!run.stdout.includes('key ring'));
    }));

  test("a key of the wrong type for the preset: the editor's error at `key:`", () =>
    inFolder({ 'ap.jwt.yaml': AP, 'ec.pem': pem('ec') }, async (dir) => {
      const run = await runCli(['check', 'ap.jwt.yaml', '--key', 'ec.pem'], { cwd: dir });
      assert.equal(run.code, 1, run.stderr);
      assert.ok(lines(run.stdout).includes("ap.jwt.yaml:2:6: error: Key 'ap-rs' is ES256; this preset asks for RS256 — pick another key or change `alg`."), run.stdout);
      // The same as the editor shows with such a key in its ring.
      const ring: ProfileKeyInfo[] = [{ id: 'ap-rs', alg: 'ES256', use: 'sig', kty: 'EC', hasPrivate: true }];
      assert.deepEqual(lines(run.stdout), expectedLines('ap.jwt.yaml', AP, parseProfile(AP, { keys: ring }).diagnostics));
    }));

  test('--key ID=FILE binds by id across profiles; an id not given is a name, not judged; a key that cannot be used, a key no profile names', () =>
    inFolder({ 'ap.jwt.yaml': AP, 'mb.jwt.yaml': MB, 'other.jwt.yaml': OTHER, 'rsa.pem': pem('rsa'), 'short.txt': 'too-short' }, async (dir) => {
      const env = { JWT_STUDIO_TEST_MB: SECRET };
      const run = await runCli(['check', '.', '--key', 'ap-rs=rsa.pem', '--key', 'mb=env:JWT_STUDIO_TEST_MB', '--key', 'unused=rsa.pem'], { cwd: dir, env });
      // other.jwt.yaml's key was not given: its `key:` is a name, as with no --key at all (one CI step may hold some keys only).
      assert.equal(run.code, 0, run.stderr);
      const out = lines(run.stdout);
      assert.deepEqual(out.filter((l) => !l.includes(': info: ')), []);
      assert.match(run.stderr, /--key unused=rsa\.pem: no profile checked names the key 'unused'/);

      // Bound the other way round, each key is judged against the other preset.
      const swapped = await runCli(['check', 'ap.jwt.yaml', 'mb.jwt.yaml', '--key', 'ap-rs=env:JWT_STUDIO_TEST_MB', '--key', 'mb=rsa.pem'], { cwd: dir, env });
      assert.equal(swapped.code, 1);
      const errors = lines(swapped.stdout).filter((l) => l.includes(': error: '));
      assert.equal(errors.length, 2, swapped.stdout);
      assert.match(errors[0]!, /^ap\.jwt\.yaml:2:6: error: Key 'ap-rs' is HS256; this preset asks for RS256/);
      assert.match(errors[1]!, /^mb\.jwt\.yaml:2:6: error: Key 'mb' is RS\d+; this preset asks for HS256/);

      // A key that is read but cannot be used is an error at the profile's `key:`, not the end of the check.
      const short = await runCli(['check', 'mb.jwt.yaml', 'other.jwt.yaml', '--key', 'mb=short.txt', '--key', 'other=rsa.pem'], { cwd: dir });
      assert.equal(short.code, 1);
      assert.match(short.stdout, /^mb\.jwt\.yaml:2:6: error: Key 'mb' from short\.txt: HS256 needs a secret of at least 32 bytes/m);
      assert.ok(!short.stdout.includes('other.jwt.yaml'), short.stdout);
    }));
});
