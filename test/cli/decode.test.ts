import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './cli';

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

test('decode prints the header, payload and iat in words, exit 0', async () => {
  const run = await runCli(['decode', JWT]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /"alg": "HS256"/);
  assert.match(run.stdout, /"name": "John Doe"/);
  assert.match(run.stdout, /iat 2018-01-18T01:30:22Z · issued \d+ years ago/);
  assert.equal(run.stderr, '');
});

test('decode - reads stdin and ignores a Bearer prefix', async () => {
  const run = await runCli(['decode', '-', '--json'], { stdin: `Bearer ${JWT}\n` });
  assert.equal(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout);
  assert.equal(json.header.alg, 'HS256');
  assert.equal(json.payload.sub, '1234567890');
});

test('decode of text that is not a token exits 2 with the reason', async () => {
  const run = await runCli(['decode', 'not-a-token']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^jwt-studio: not a token: .*no dots/);
  assert.equal(run.stdout, '');
});

test('decode with stdin closed exits 2 and says what to do', async () => {
  const run = await runCli(['decode', '-'], { stdin: 'closed' });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /no token on stdin .*pipe a token in/);
});
