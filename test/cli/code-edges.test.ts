// Integration code at the edges of what the libraries write: claims named
// true / false / null, a fixed iat with the registered one off (jsonwebtoken's
// noTimestamp would drop it), [null] and a one-item aud; a header member
// copied from the user's claim with text outside ASCII (jsonwebtoken cannot
// write it: the program refuses, the others sign it); the signing and
// recipient keys on one variable (refused); hostile key ids in the top
// comment and the stderr note; and the Node file run as .js in a
// "type": "module" package and through a symlink.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { decryptToken } from '../../src/core/index';
import { defaultKeyEnv } from '../../src/core/codegen/codegen';
import { runCli } from './cli';
import { makeKeys, SECRET, writeProfile } from './signFixtures';
import type { KeyFiles } from './signFixtures';
import { checkRun, coreKey, generate, generateInProcess, missingRuntime, nowSeconds, RUNNABLE, runProgram, signedByCli } from './codeRun';
import { HOSTILE_KEY_ID } from './codeProfiles';

let keys: KeyFiles;
let userWorkspace: string;
before(() => {
  keys = makeKeys();
  // A preset that copies the user's sub into the header (as Tableau copies iss).
  userWorkspace = join(keys.dir, 'user-header');
  writeProfile(userWorkspace, join('.vscode', 'jwt-presets', 'user-header.yaml'), 'id: user-header\nname: User header\nalg: { default: HS256, allowed: [HS256] }\nheader:\n  members:\n    x-user: { fromClaim: sub }\nlifetime: { default: 5m }\nclaims: { type: object }\n');
});
after(() => keys.cleanup());

const secretEnv = { JWT_STUDIO_KEY_K1: SECRET };
const verify = { text: SECRET, alg: 'HS256' };

const EDGE = 'preset: generic\nkey: k1\nalg: HS256\nttl: 2m\nregistered:\n  iat: false\nclaims:\n  sub: u1\n  iat: 1700000000\n  "true": true\n  "false": false\n  "null": [1]\n  groups: [null]\n  aud: [api]\n';

describe('code: claims and headers at the edges of the libraries', { concurrency: 6 }, () => {
  for (const lang of RUNNABLE) {
    test(`${lang}: claims named true / false / null, a fixed iat with the registered one off, [null], a one-item aud`, async (t) => {
      const missing = missingRuntime(lang);
      if (missing) return t.skip(missing);
      const path = writeProfile(keys.dir, 'edge.jwt.yaml', EDGE);
      const { code } = await generateInProcess(EDGE, lang);
      const expected = await signedByCli(path, ['--key', keys.hs], keys.dir);
      assert.equal(expected.claims.iat, 1700000000);
      const before = nowSeconds();
      const run = await runProgram(lang, code, secretEnv);
      await checkRun(run, expected, { verify, before, after: nowSeconds(), ttl: 120, profileText: EDGE, embed: 'none', fixedTimes: ['iat'] });
    });
  }

  for (const sub of ['ada', 'Zo\u00eb']) {
    for (const lang of ['node', 'node-jsonwebtoken'] as const) {
      const refused = lang === 'node-jsonwebtoken' && sub !== 'ada';
      test(`${lang}: a header member copied from the user's sub ${JSON.stringify(sub)}: ${refused ? 'the program refuses text outside ASCII' : 'signed as sign signs it'}`, async (t) => {
        const missing = missingRuntime(lang);
        if (missing) return t.skip(missing);
        const text = `preset: user-header\nkey: k1\nclaims:\n  sub: ${JSON.stringify(sub)}\n`;
        const path = writeProfile(userWorkspace, `user-${lang}-${sub === 'ada' ? 'ascii' : 'other'}.jwt.yaml`, text);
        const { code } = await generateInProcess(text, lang, { workspace: userWorkspace });
        const run = await runProgram(lang, code, secretEnv);
        if (refused) {
          assert.notEqual(run.status, 0);
          assert.match(run.stderr, /jsonwebtoken cannot write text outside ASCII in the header/);
          assert.equal(run.stdout, '');
          return;
        }
        const expected = await signedByCli(path, ['--key', keys.hs], userWorkspace);
        assert.equal(expected.header['x-user'], sub);
        await checkRun(run, expected, { verify, before: nowSeconds() - 1, after: nowSeconds(), ttl: 300, profileText: text, embed: 'none', workspace: userWorkspace });
      });
    }
  }
});

describe('code: key variables and key ids', () => {
  test('the signing and the recipient key on one variable: refused, exit 1, one line', async () => {
    const same = writeProfile(keys.dir, 'clash.jwt.yaml', 'preset: generic\nkey: ap-prod\nalg: HS256\nencrypt:\n  key: ap_prod\n  alg: A256KW\nclaims:\n  sub: u\n');
    const byName = await runCli(['code', same, '--lang', 'node'], { cwd: keys.dir });
    assert.equal(byName.code, 1, byName.stderr);
    assert.equal(byName.stdout, '');
    assert.match(byName.stderr, /^jwt-studio: .*clash\.jwt\.yaml: The signing key 'ap-prod' and the recipient's key 'ap_prod' would both be read from JWT_STUDIO_KEY_AP_PROD: name the signing key's variable yourself \(--key-env NAME on the command line\), or give one of the keys another id\.\n$/);
    const partner = writeProfile(keys.dir, 'clash2.jwt.yaml', 'preset: generic\nkey: k1\nalg: HS256\nencrypt:\n  key: partner\n  alg: A256KW\nclaims:\n  sub: u\n');
    const byFlag = await runCli(['code', partner, '--lang', 'node', '--key-env', 'JWT_STUDIO_KEY_PARTNER_FILE'], { cwd: keys.dir });
    assert.equal(byFlag.code, 1, byFlag.stderr);
    assert.match(byFlag.stderr, /would both be read from JWT_STUDIO_KEY_PARTNER_FILE/);
  });

  test('hostile key ids: the note on stderr names them as written, the comment encodes them; jose encrypts to the recipient', async (t) => {
    const recipientId = 'r */ ?> \\u000a\n x';
    const text = `preset: generic\nkey: ${JSON.stringify(HOSTILE_KEY_ID)}\nalg: HS256\nttl: 2m\nencrypt:\n  key: ${JSON.stringify(recipientId)}\n  alg: A256KW\nclaims:\n  sub: u1\n`;
    const path = writeProfile(keys.dir, 'hostile-ids.jwt.yaml', text);
    const python = await generate(path, 'python', [], keys.dir);
    assert.equal(python.stderr, "jwt-studio: warning: PyJWT has no JWE: this code signs the token but does not encrypt it to 'r */ ?> \\u000a x' (A256KW, A256GCM) as the profile says. The Node.js (jose) and Java (nimbus-jose-jwt) code encrypts it.\n");
    assert.match(python.code, /^# PyJWT has no JWE: this code signs the token but does not encrypt it to 'r \*\/ \?> \\u000aU\+000A x'/m);
    assert.match(python.code, /^# Key: JWT_STUDIO_KEY_K1_PROCESS_EXIT_7_\w+ holds the shared secret \(as text, or an oct JWK\) of 'k1 \*\/ process\.exit\(7\);/m);

    const missing = missingRuntime('node');
    if (missing) return t.skip(missing);
    const node = await generate(path, 'node', [], keys.dir);
    assert.equal(node.stderr, '');
    const recipient = Buffer.alloc(32, 7).toString('base64url');
    const run = await runProgram('node', node.code, { [defaultKeyEnv(HOSTILE_KEY_ID)]: SECRET, [defaultKeyEnv(recipientId)]: recipient });
    assert.equal(run.status, 0, run.stderr);
    const recipientKey = await coreKey(JSON.stringify({ kty: 'oct', k: recipient }), 'A256KW');
    const signing = await coreKey(SECRET, 'HS256');
    const opened = await decryptToken(run.stdout.trim(), [recipientKey], { verifyKeys: [signing] });
    assert.ok(opened.ok, opened.ok ? '' : opened.error.message);
    if (!opened.ok) return;
    assert.equal(opened.header.alg, 'A256KW');
    // The inner token is the one the same profile without encryption signs.
    const plain = writeProfile(keys.dir, 'hostile-ids-plain.jwt.yaml', text.replace(/encrypt:\n.*\n.*\n/, ''));
    const expected = await signedByCli(plain, ['--key', keys.hs], keys.dir);
    await checkRun({ ...run, stdout: `${opened.plaintext}\n` }, expected, { verify, before: nowSeconds() - 5, after: nowSeconds(), ttl: 120, profileText: text, embed: 'none' });
  });
});

describe('code: the Node file', () => {
  const text = 'preset: generic\nkey: k1\nalg: HS256\nttl: 2m\nclaims:\n  sub: u1\n';

  test('says to save it as .mjs, and runs as .js in a "type": "module" package and through a symlink', async (t) => {
    const missing = missingRuntime('node');
    if (missing) return t.skip(missing);
    const path = writeProfile(keys.dir, 'node-file.jwt.yaml', text);
    const { code } = await generateInProcess(text, 'node');
    assert.match(code, /^\/\/ Library: jose \(npm install jose\)\. Save it as issue-token\.mjs \(an ES module\), or as \.js in a package whose package\.json says "type": "module"\.$/m);
    const expected = await signedByCli(path, ['--key', keys.hs], keys.dir);
    const runs = await Promise.all([
      runProgram('node', code, secretEnv, { file: 'issue-token.js', files: { 'package.json': '{ "type": "module" }\n' } }),
      runProgram('node', code, secretEnv, { symlink: 'linked.mjs' }),
    ]);
    for (const run of runs) await checkRun(run, expected, { verify, before: nowSeconds() - 5, after: nowSeconds(), ttl: 120, profileText: text, embed: 'none' });
  });

  test('imported as a module, it runs nothing of its own', async (t) => {
    const missing = missingRuntime('node');
    if (missing) return t.skip(missing);
    const { code } = await generateInProcess(text, 'node');
    const importer = "import { issueToken } from './issue-token.mjs';\nconsole.log(typeof issueToken);\n";
    const run = await runProgram('node', importer, secretEnv, { file: 'main.mjs', files: { 'issue-token.mjs': code } });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'function\n');
  });
});
