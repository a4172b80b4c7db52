import { test } from 'node:test';
import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { runCli } from './cli';

const token = jwt.sign({ sub: 'a' }, 'a-shared-secret-of-thirty-two-bytes!!', { algorithm: 'HS256' });

test('a --key value that is no file and no path is not printed back (it may be the secret itself)', async () => {
  const secret = 'a-shared-secret-of-thirty-two-bytes!!';
  const run = await runCli(['verify', token, '--key', secret]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /a --key value is not a file \(it is not shown here, in case it is a secret\)/);
  assert.ok(!run.stderr.includes(secret) && !run.stdout.includes(secret));
});

test('a --key path that does not exist is named, so the person sees the typo', async () => {
  const run = await runCli(['verify', token, '--key', 'keys/missing.pem']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^jwt-studio: keys\/missing\.pem: no such file; check the path\n$/);
});
