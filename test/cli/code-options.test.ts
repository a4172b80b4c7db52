// `jwt-studio code` beyond the presets' defaults: other algorithms (each
// library signs what it can, and `code` refuses the rest by name), an
// encrypted profile (jose encrypts and the core decrypts; a library without
// JWE signs and says so), the key's variable and file, and every refusal with
// its exit code.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decryptToken } from '../../src/core/index';
import { LIBRARIES } from '../../src/core/codegen/codegen';
import { runCli } from './cli';
import { makeKeys, writeProfile, writeSecretFile } from './signFixtures';
import type { KeyFiles } from './signFixtures';
import { checkRun, coreKey, generate, generateInProcess, missingRuntime, nowSeconds, RUNNABLE, runProgram, signedByCli } from './codeRun';

let keys: KeyFiles;
before(() => {
  keys = makeKeys();
});
after(() => keys.cleanup());

const generic = (alg: string, extra = ''): string => `preset: generic\nkey: k1\nalg: ${alg}\nttl: 2m\n${extra}claims:\n  sub: user_42\n  email: ada@example.com\n  scope: [read, write]\n`;

describe('code: algorithms', { concurrency: 6 }, () => {
  const algs = [
    { alg: 'ES256', key: () => keys.ec, pub: () => keys.ecPub },
    { alg: 'PS256', key: () => keys.rsa, pub: () => keys.rsaPub },
    { alg: 'EdDSA', key: () => keys.ed, pub: () => keys.edPub },
  ];
  for (const { alg, key, pub } of algs) {
    for (const lang of RUNNABLE) {
      test(`${alg} in ${lang}: ${LIBRARIES[lang].signs(alg as never) ? 'signed and checked' : 'refused by name'}`, async (t) => {
        const path = writeProfile(keys.dir, `${alg}.jwt.yaml`, generic(alg));
        if (!LIBRARIES[lang].signs(alg as never)) {
          const run = await runCli(['code', path, '--lang', lang, '--key', key()], { cwd: keys.dir });
          assert.equal(run.code, 2, run.stderr);
          assert.equal(run.stdout, '');
          assert.match(run.stderr, new RegExp(`^jwt-studio: .*: ${LIBRARIES[lang].library.replace(/[.()]/g, '\\$&')} cannot sign ${alg} \\(.*\\); choose another language, or a key with another algorithm\\.\\n$`));
          return;
        }
        const missing = missingRuntime(lang);
        if (missing) return t.skip(missing);
        const { code } = await generateInProcess(generic(alg), lang);
        const expected = await signedByCli(path, ['--key', key()], keys.dir);
        const before = nowSeconds();
        const run = await runProgram(lang, code, { JWT_STUDIO_KEY_K1: readFileSync(key(), 'utf8') });
        await checkRun(run, expected, { verify: { text: readFileSync(pub(), 'utf8'), alg }, before, after: nowSeconds(), ttl: 120, profileText: generic(alg), embed: 'none' });
      });
    }
  }
});

describe('code: an encrypted profile', () => {
  const text = generic('RS256', 'encrypt:\n  key: partner\n  alg: RSA-OAEP-256\n  enc: A256GCM\n');

  test('node (jose): the program encrypts to the recipient; the core decrypts it to the token sign makes', async (t) => {
    const missing = missingRuntime('node');
    if (missing) return t.skip(missing);
    const path = writeProfile(keys.dir, 'encrypted.jwt.yaml', text);
    const keyArgs = ['--key', `k1=${keys.rsa}`, '--key', `partner=${keys.partnerPub}`];
    const { code, stderr } = await generate(path, 'node', keyArgs, keys.dir);
    assert.equal(stderr, '');
    assert.match(code, /CompactEncrypt/);
    const expected = await signedByCli(path, keyArgs, keys.dir);
    const before = nowSeconds();
    const run = await runProgram('node', code, { JWT_STUDIO_KEY_K1: readFileSync(keys.rsa, 'utf8'), JWT_STUDIO_KEY_PARTNER: readFileSync(keys.partnerPub, 'utf8') });
    assert.equal(run.status, 0, run.stderr);
    const jwe = run.stdout.trim();
    assert.equal(jwe.split('.').length, 5);
    const recipient = await coreKey(readFileSync(keys.partner, 'utf8'), 'RSA-OAEP-256');
    const signing = await coreKey(readFileSync(keys.rsaPub, 'utf8'), 'RS256');
    const opened = await decryptToken(jwe, [recipient], { verifyKeys: [signing] });
    assert.ok(opened.ok, opened.ok ? '' : opened.error.message);
    if (!opened.ok) return;
    assert.equal(opened.header.alg, 'RSA-OAEP-256');
    assert.equal(opened.header.enc, 'A256GCM');
    assert.equal(opened.header.cty, 'JWT');
    assert.equal(opened.header.kid, recipient.kid);
    await checkRun({ ...run, stdout: `${opened.plaintext}\n` }, expected, { verify: { text: readFileSync(keys.rsaPub, 'utf8'), alg: 'RS256' }, before, after: nowSeconds(), ttl: 120, profileText: text, embed: 'none' });
  });

  test('python (PyJWT, no JWE): the code signs, says in a comment that it does not encrypt, and stderr warns', async (t) => {
    const path = writeProfile(keys.dir, 'encrypted.jwt.yaml', text);
    const run = await runCli(['code', path, '--lang', 'python', '--key', `k1=${keys.rsa}`], { cwd: keys.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^jwt-studio: warning: PyJWT has no JWE: this code signs the token but does not encrypt it to 'partner' \(RSA-OAEP-256, A256GCM\) as the profile says\. The Node\.js \(jose\) and Java \(nimbus-jose-jwt\) code encrypts it\.\n$/);
    assert.match(run.stdout, /^# PyJWT has no JWE: this code signs the token but does not encrypt it/m);
    const missing = missingRuntime('python');
    if (missing) return t.skip(missing);
    const program = await runProgram('python', run.stdout, { JWT_STUDIO_KEY_K1: readFileSync(keys.rsa, 'utf8') });
    assert.equal(program.status, 0, program.stderr);
    assert.match(program.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  });
});

describe('code: where the key comes from', { concurrency: 6 }, () => {
  test('--key-env NAME: the program reads NAME, or the file NAME_FILE names, and refuses to run without either', async (t) => {
    const missing = missingRuntime('python');
    if (missing) return t.skip(missing);
    const path = writeProfile(keys.dir, 'keyenv.jwt.yaml', generic('HS256'));
    const { code } = await generate(path, 'python', ['--key-env', 'ACME_SSO_SECRET'], keys.dir);
    assert.match(code, /^KEY_ENV = "ACME_SSO_SECRET"$/m);
    assert.doesNotMatch(code, /JWT_STUDIO_KEY/);
    const none = await runProgram('python', code, {});
    assert.equal(none.status, 2);
    assert.equal(none.stdout, '');
    assert.equal(none.stderr, 'ACME_SSO_SECRET is not set: set it to the shared secret (as text, or an oct JWK), or set ACME_SSO_SECRET_FILE to the path of a file holding it.\n');
    const fromFile = await runProgram('python', code, { ACME_SSO_SECRET_FILE: keys.hs });
    assert.equal(fromFile.status, 0, fromFile.stderr);
    const expected = await signedByCli(path, ['--key', keys.hs], keys.dir);
    await checkRun(fromFile, expected, { verify: { text: readFileSync(keys.hs, 'utf8').trim(), alg: 'HS256' }, before: nowSeconds() - 5, after: nowSeconds(), ttl: 120, profileText: generic('HS256'), embed: 'none' });
  });

  for (const lang of RUNNABLE) {
    test(`${lang}: without the key the program exits 2 and names the variables`, async (t) => {
      const missing = missingRuntime(lang);
      if (missing) return t.skip(missing);
      const { code } = await generateInProcess(generic('HS256'), lang);
      const run = await runProgram(lang, code, { JWT_STUDIO_KEY_K1: '  \n' });
      assert.equal(run.status, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, 'JWT_STUDIO_KEY_K1 is not set: set it to the shared secret (as text, or an oct JWK), or set JWT_STUDIO_KEY_K1_FILE to the path of a file holding it.\n');
    });
  }
});

describe('code: refusals', () => {
  async function refused(args: string[], code: 1 | 2, message: RegExp): Promise<void> {
    const run = await runCli(['code', ...args], { cwd: keys.dir });
    assert.equal(run.code, code, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, message);
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
  }

  test('no --lang, an unknown language, a bad --key-env: exit 2', async () => {
    const path = writeProfile(keys.dir, 'usage.jwt.yaml', generic('HS256'));
    await refused([path], 2, /^jwt-studio: --lang LANG is missing: one of node, node-jsonwebtoken, python, go, java, csharp, php, ruby \(see "jwt-studio code --help"\)\n$/);
    await refused([path, '--lang', 'cobol'], 2, /^jwt-studio: no language "cobol"; use one of node, .*, ruby \(see "jwt-studio code --help"\)\n$/);
    await refused([path, '--lang', 'go', '--key-env', '1BAD-NAME'], 2, /^jwt-studio: --key-env: "1BAD-NAME" is not an environment variable name: use letters, digits and _, not starting with a digit \(at most 128\) \(see "jwt-studio code --help"\)\n$/);
    await refused(['--lang', 'go'], 2, /^jwt-studio: one argument is missing/);
  });

  test('a key as text, a key file that cannot be read: exit 2', async () => {
    const path = writeProfile(keys.dir, 'usage.jwt.yaml', generic('HS256'));
    await refused([path, '--lang', 'go', '--key=-----BEGIN PRIVATE KEY-----'], 2, /^jwt-studio: --key takes a file or env:NAME, not the key itself/);
    await refused([path, '--lang', 'go', '--key', join(keys.dir, 'missing.pem')], 2, /missing\.pem/);
  });

  test('a profile with an error, a preset that needs a kid none gives, a key that does not fit: exit 1', async () => {
    const broken = writeProfile(keys.dir, 'broken.jwt.yaml', 'preset: generic\nkey: k1\nttl: forever\n');
    await refused([broken, '--lang', 'node'], 1, /^jwt-studio: .*broken\.jwt\.yaml:3: `ttl` must be a positive lifetime .*\(1 problem to fix; run "jwt-studio check .*" for all\)\n$/);
    const ap = writeProfile(keys.dir, 'ap.jwt.yaml', 'preset: activepieces\nkey: ap\nclaims:\n  externalUserId: u1\n  externalProjectId: p1\n  firstName: Ada\n  lastName: Lovelace\n');
    await refused([ap, '--lang', 'node'], 1, /^jwt-studio: .*ap\.jwt\.yaml: Activepieces .* needs a kid in the header .*: give the key \(its JWK's kid\) or set header\.kid in the profile\. \(on the command line: --key FILE, or --kid KID\)\n$/);
    const secret = writeSecretFile(join(keys.dir, 'ap.secret'), 'a-shared-secret-that-is-long-enough-for-hs256!!');
    await refused([ap, '--lang', 'node', '--key', secret], 1, /^jwt-studio: ap\.jwt\.yaml:2: Key 'ap' is HS256; this preset asks for RS256/);
  });

  test('--kid gives the kid when no key does; --key gives the key\'s own', async () => {
    const ap = writeProfile(keys.dir, 'ap.jwt.yaml', 'preset: activepieces\nkey: ap\nclaims:\n  externalUserId: u1\n  externalProjectId: p1\n  firstName: Ada\n  lastName: Lovelace\n');
    const byKid = await generate(ap, 'go', ['--kid', 'signing-key-7'], keys.dir);
    assert.match(byKid.code, /^\ttoken\.Header\["kid"\] = "signing-key-7"$/m);
    // No embed values: the code makes the token only, and says why.
    assert.match(byKid.stderr, /^jwt-studio: warning: The profile sets no embed values, so the code makes the token only; add them under embed: for the embed URL \(Missing required embed parameter "instanceUrl".*\)\n$/);
    assert.doesNotMatch(byKid.code, /EmbedURL/);
    const jwk = writeSecretFile(join(keys.dir, 'ap.pub.json'), JSON.stringify({ ...(await coreKey(readFileSync(keys.rsaPub, 'utf8'), 'RS256')).publicJwk, kid: 'from-the-jwk' }));
    const byKey = await generate(ap, 'python', ['--key', jwk], keys.dir);
    assert.match(byKey.code, /^ {4}headers = \{"typ": "JWT", "kid": "from-the-jwk"\}$/m);
    assert.match(byKey.code, /^KEY_ENV = "JWT_STUDIO_KEY_AP"$/m);
  });
});
