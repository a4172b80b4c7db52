// How the integration code reads its key, in every runnable language: a
// shared secret as JWT Studio writes it (`keys generate --alg HS256`: an oct
// JWK of random bytes, from the _FILE variable or the variable itself) signs
// what `sign` signs with that file; a _FILE that cannot be read, a PEM that is
// no key, and JSON that is no secret's JWK each end the program with one line
// on stderr and exit 2 (no stack trace, never the key's text). PHP runs as far
// as it gets without php-jwt (which is not here): its key refusals.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOT_A_SECRET_JWK } from '../../src/core/codegen/support';
import { spawnSync } from 'node:child_process';
import { runCli } from './cli';
import { makeKeys, writeProfile, writeSecretFile } from './signFixtures';
import type { KeyFiles } from './signFixtures';
import { checkRun, generateInProcess, missingRuntime, nowSeconds, RUNNABLE, runProgram, signedByCli } from './codeRun';

let keys: KeyFiles;
let generated: string;
before(async () => {
  keys = makeKeys();
  generated = join(keys.dir, 'generated-hs256.json');
  const run = await runCli(['keys', 'generate', '--alg', 'HS256', '--out', generated], { cwd: keys.dir });
  assert.equal(run.code, 0, run.stderr);
});
after(() => keys.cleanup());

const hsProfile = 'preset: generic\nkey: k1\nalg: HS256\nttl: 2m\nclaims:\n  sub: user_42\n  role: EDITOR\n';
const rsProfile = 'preset: generic\nkey: k1\nalg: RS256\nttl: 2m\nclaims:\n  sub: user_42\n';

/** One line on stderr, and nothing a language prints for an uncaught error. */
function oneLine(stderr: string): void {
  assert.equal(stderr.split('\n').length, 2, stderr);
  assert.ok(stderr.endsWith('\n'));
  assert.doesNotMatch(stderr, /Traceback|\bat [\w.<]+ \(|from .*:\d+:in|panic:|goroutine|Uncaught|node:internal/, stderr);
}

describe('code: the key the program reads', { concurrency: 6 }, () => {
  test("php: a _FILE that cannot be read, a PEM that is no key, JSON that is no secret's JWK stop the program before php-jwt is used: one line, exit 2", async (t) => {
    if (spawnSync('php', ['-v']).status !== 0) return t.skip('php-cli is not installed (apt-get install php-cli; npm run setup)');
    // php-jwt is not here: an empty autoloader, and only the paths that end before the library is called.
    const vendor = { 'vendor/autoload.php': '<?php\n' };
    const { code } = await generateInProcess(hsProfile, 'php');
    const nowhere = join(keys.dir, 'no-such-dir', 'key.pem');
    const unreadable = await runProgram('php', code, { JWT_STUDIO_KEY_K1_FILE: nowhere }, { files: vendor });
    assert.equal(unreadable.status, 2, unreadable.stderr);
    assert.equal(unreadable.stderr, `JWT_STUDIO_KEY_K1_FILE names ${nowhere}, which cannot be read: no such file\n`);
    assert.equal(unreadable.stdout, '');
    const file = writeSecretFile(join(keys.dir, 'not-a-secret-php.json'), '{"kty":"RSA","n":"SECRET-TEXT-NOT-SHOWN"}');
    const notSecret = await runProgram('php', code, { JWT_STUDIO_KEY_K1_FILE: file }, { files: vendor });
    assert.equal(notSecret.status, 2, notSecret.stderr);
    assert.equal(notSecret.stderr, `${file} does not hold a usable key: ${NOT_A_SECRET_JWK}\n`);
    const badPem = await runProgram('php', (await generateInProcess(rsProfile, 'php')).code, { JWT_STUDIO_KEY_K1: '-----BEGIN PRIVATE KEY-----\nMIIBroken\n-----END PRIVATE KEY-----\n' }, { files: vendor });
    assert.equal(badPem.status, 2, badPem.stderr);
    assert.ok(badPem.stderr.startsWith('JWT_STUDIO_KEY_K1 does not hold a usable key: '), badPem.stderr);
    oneLine(badPem.stderr);
    const none = await runProgram('php', code, {}, { files: vendor });
    assert.equal(none.status, 2);
    assert.equal(none.stderr, 'JWT_STUDIO_KEY_K1 is not set: set it to the shared secret (as text, or an oct JWK), or set JWT_STUDIO_KEY_K1_FILE to the path of a file holding it.\n');
  });

  for (const lang of RUNNABLE) {
    test(`${lang}: a secret from "jwt-studio keys generate --alg HS256" (an oct JWK), from its _FILE and from the variable`, async (t) => {
      const missing = missingRuntime(lang);
      if (missing) return t.skip(missing);
      const path = writeProfile(keys.dir, 'hs.jwt.yaml', hsProfile);
      const { code } = await generateInProcess(hsProfile, lang);
      const expected = await signedByCli(path, ['--key', generated], keys.dir);
      const jwk = readFileSync(generated, 'utf8');
      // The core verifies with the JWK: its "k" is the secret, random bytes that are no UTF-8 text.
      const verify = { text: jwk, alg: 'HS256' };
      for (const env of [{ JWT_STUDIO_KEY_K1_FILE: generated }, { JWT_STUDIO_KEY_K1: jwk }] as Array<Record<string, string>>) {
        const before = nowSeconds();
        const run = await runProgram(lang, code, env);
        await checkRun(run, expected, { verify, before, after: nowSeconds(), ttl: 120, profileText: hsProfile, embed: 'none' });
      }
    });

    test(`${lang}: a _FILE that cannot be read, a PEM that is no key, JSON that is no secret's JWK: one line, exit 2`, async (t) => {
      const missing = missingRuntime(lang);
      if (missing) return t.skip(missing);
      const hs = (await generateInProcess(hsProfile, lang)).code;
      const rs = (await generateInProcess(rsProfile, lang)).code;
      const nowhere = join(keys.dir, 'no-such-dir', 'key.pem');
      const unreadable = await runProgram(lang, hs, { JWT_STUDIO_KEY_K1_FILE: nowhere });
      assert.equal(unreadable.status, 2, unreadable.stderr);
      assert.equal(unreadable.stdout, '');
      assert.ok(unreadable.stderr.startsWith(`JWT_STUDIO_KEY_K1_FILE names ${nowhere}, which cannot be read: `), unreadable.stderr);
      oneLine(unreadable.stderr);

      const badPem = await runProgram(lang, rs, { JWT_STUDIO_KEY_K1: '-----BEGIN PRIVATE KEY-----\nMIIBroken\n-----END PRIVATE KEY-----\n' });
      assert.equal(badPem.status, 2, badPem.stderr);
      assert.ok(badPem.stderr.startsWith('JWT_STUDIO_KEY_K1 does not hold a usable key: '), badPem.stderr);
      oneLine(badPem.stderr);

      // The text may be the secret: it is never printed back, whatever the parser would have said.
      for (const [i, text] of ['{"kty":"RSA","n":"SECRET-TEXT-NOT-SHOWN"}', '{"kty":"oct","k":"SECRET-TEXT-NOT-SHOWN"'].entries()) {
        const file = writeSecretFile(join(keys.dir, `not-a-secret-${lang}-${i}.json`), text);
        const notSecret = await runProgram(lang, hs, { JWT_STUDIO_KEY_K1_FILE: file });
        assert.equal(notSecret.status, 2, notSecret.stderr);
        assert.equal(notSecret.stderr, `${file} does not hold a usable key: ${NOT_A_SECRET_JWK}\n`);
      }
    });
  }
});
