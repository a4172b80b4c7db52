import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRawDeceptive } from './rawChars';
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

function part(value: object | string): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}


test('decode shows a token with bidi characters in the kid and a claim escaped, with the findings', async () => {
  const token = `${part({ alg: 'RS256', kid: 'evil\u202Ecod.exe' })}.${part({ sub: 'x\u2067y', name: 'ok' })}.c2ln`;
  const run = await runCli(['decode', token]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(firstRawDeceptive(run.stdout), undefined);
  assert.match(run.stdout, /"kid": "evil\\u202Ecod\.exe"/);
  assert.match(run.stdout, /"sub": "x\\u2067y"/);
  assert.match(run.stdout, /^\/\/ warning: The header has text with bidirectional override\/isolate characters \(at \/kid\)/m);
  assert.match(run.stdout, /^\/\/ warning: The payload has text with bidirectional override\/isolate characters \(at \/sub\)/m);
});

test('decode shows times in words and numbers as written', async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = `${part({ alg: 'HS256' })}.${part(`{"exp":${now + 600},"nbf":${now - 60},"id":12345678901234567890123}`)}.c2ln`;
  const run = await runCli(['decode', token]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^\/\/ exp \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ · expires in (9|10) min$/m);
  assert.match(run.stdout, /^\/\/ nbf .* · valid since 1 min ago$/m);
  assert.match(run.stdout, /"id": 12345678901234567890123\n/);
});

test('decode of an alg none token says it is unsigned, exit 0 (decode does not judge)', async () => {
  const run = await runCli(['decode', `${part({ alg: 'none' })}.${part({ sub: 'admin' })}.`]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^\/\/ UNSIGNED token \(alg: none\)/);
});

test('decode of a token over 1 MB exits 2 with a clear message, and 5 MB of stdin too', async () => {
  const huge = `${part({ alg: 'HS256' })}.${'A'.repeat(1_100_000)}.c2ln`;
  const run = await runCli(['decode', '-'], { stdin: huge });
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, `jwt-studio: the input is ${huge.length.toLocaleString('en-US')} characters, over the 1,048,576 a token may have here, so it was not decoded; real tokens are a few kilobytes: check that the input is a single token\n`);
  const bigger = await runCli(['decode', '-'], { stdin: 'A'.repeat(5 * 1024 * 1024) });
  assert.equal(bigger.code, 2);
  assert.match(bigger.stderr, /^jwt-studio: stdin is over 4 MB; that is not a token, key or profile\n$/);
});

test('decode: other text that is not a token exits 2, each with its reason', async () => {
  for (const [text, reason] of [
    ['{"protected":"e30","payload":"","signature":""}', /This is JSON, not a compact token/],
    [`${part({ alg: 'HS256' })}.a b.c`, /not a token: /],
    ['a.b.c.d', /not a token: /],
    [`${part('[1]')}.${part({})}.c2ln`, /not a token: .*not an object/],
  ] as const) {
    const run = await runCli(['decode', text]);
    assert.equal(run.code, 2, text);
    assert.match(run.stderr, reason);
    assert.equal(run.stdout, '');
  }
});

test('decode with empty stdin and with a bad option exits 2', async () => {
  const empty = await runCli(['decode', '-'], { stdin: '  \n' });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /no token on stdin/);
  const bad = await runCli(['decode', JWT, '--jsno']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown option '--jsno' \(see "jwt-studio decode --help"\)/);
});
