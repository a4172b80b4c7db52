// `jwt-studio decode --json` for every payload kind: valid JSON each time,
// the token's numbers as written (not as JSON.parse reads them), and nothing
// on stdout that a terminal would act on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRawDeceptive } from './rawChars';
import { runCli } from './cli';

function part(value: object | string | Uint8Array): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64url');
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** Raw JSON text as the header or payload, so numbers can be written the way JSON.parse cannot keep them. */
function token(headerText: string, payload: string | Uint8Array, signature = 'c2lnbmF0dXJl'): string {
  return `${part(headerText)}.${part(payload)}.${signature}`;
}

const HS256 = '{"alg":"HS256","typ":"JWT"}';

async function decodeJson(text: string, stdin?: string): Promise<{ json: Record<string, unknown>; stdout: string }> {
  const run = await runCli(stdin === undefined ? ['decode', text, '--json'] : ['decode', '-', '--json'], stdin === undefined ? {} : { stdin });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  assert.equal(firstRawDeceptive(run.stdout), undefined);
  return { json: JSON.parse(run.stdout) as Record<string, unknown>, stdout: run.stdout };
}

test('a claims set: big integers and out-of-range numbers stay as written; the JSON is valid', async () => {
  const payload = '{"sub":"u1","id":12345678901234567890123,"exp":1e400,"ratio":1.50,"neg":-0}';
  const { json, stdout } = await decodeJson(token(HS256, payload));
  assert.equal(json.payloadType, 'json');
  assert.equal(json.kind, 'jws');
  // As written, digit for digit: JSON.parse would print 1.2345678901234568e+22 and null.
  assert.match(stdout, /"id": 12345678901234567890123,/);
  assert.match(stdout, /"exp": 1e400,/);
  assert.match(stdout, /"ratio": 1\.50,/);
  assert.match(stdout, /"neg": -0\n/);
  assert.deepEqual((json.payload as Record<string, unknown>).sub, 'u1');
  const codes = (json.findings as { code: string }[]).map((f) => f.code);
  assert.ok(codes.includes('UNSAFE_INTEGER'), codes.join(','));
  assert.equal((json.times as { status: string }).status, 'invalid');
  assert.equal((json.times as { exp: { raw: string } }).exp.raw, '1e400');
});

test('the header keeps its numbers as written too, and the summary says what the token is', async () => {
  const { json, stdout } = await decodeJson(token('{"alg":"RS256","kid":"k1","x-serial":98765432109876543210}', '{"sub":"u1"}'));
  assert.match(stdout, /"x-serial": 98765432109876543210\n/);
  assert.equal(json.summary, 'JWT · RS256 · kid "k1"');
  assert.equal((json.header as { kid: string }).kid, 'k1');
});

test('a JSON payload that is not an object (an array) is payloadType json; times are null', async () => {
  const { json } = await decodeJson(token(HS256, '[1,2,3]'));
  assert.equal(json.payloadType, 'json');
  assert.deepEqual(json.payload, [1, 2, 3]);
  assert.equal(json.times, null);
});

test('a text payload (not JSON) is a string; escape sequences in it never reach the terminal raw', async () => {
  const text = 'hello \u001b]0;owned\u0007 \u001b[2J world \u202e\u0085';
  const { json } = await decodeJson(token(HS256, text));
  assert.equal(json.payloadType, 'text');
  assert.equal(json.payload, text);
  const plain = await runCli(['decode', token(HS256, text)]);
  assert.equal(plain.code, 0);
  assert.equal(firstRawDeceptive(plain.stdout), undefined);
  assert.match(plain.stdout, /\\u001b\]0;owned\\u0007/);
});

test('a binary payload: payloadHex and its length', async () => {
  const { json } = await decodeJson(token(HS256, new Uint8Array([0xff, 0xfe, 0x00, 0x1b, 0x9b])));
  assert.equal(json.payloadType, 'binary');
  assert.equal(json.payload, null);
  assert.equal(json.payloadHex, 'fffe001b9b');
  assert.equal(json.payloadBytes, 5);
  assert.equal(json.payloadHexTruncated, false);
});

test('a payload over the 256 KiB display bound is omitted, with its size (read from stdin)', async () => {
  const payload = JSON.stringify({ blob: 'x'.repeat(300_000) });
  const big = token(HS256, payload);
  const { json } = await decodeJson('', big);
  assert.equal(json.payloadType, 'omitted');
  assert.equal(json.payload, null);
  assert.equal(json.payloadBytes, Buffer.byteLength(payload));
  assert.ok((json.findings as { code: string }[]).some((f) => f.code === 'OVERSIZE'));
});

test('JSON nested deeper than 64 levels: payload null, the text whole in payloadText', async () => {
  const deep = `${'['.repeat(200)}0${']'.repeat(200)}`;
  const { json } = await decodeJson(token(HS256, deep));
  assert.equal(json.payloadType, 'deep-json');
  assert.equal(json.payload, null);
  assert.equal(json.payloadText, deep);
});

test('a detached payload (empty middle part)', async () => {
  const { json } = await decodeJson(`${part(HS256)}..c2ln`);
  assert.equal(json.payloadType, 'detached');
  assert.equal(json.payload, null);
});

test('a JWE: the header (with enc), payloadType encrypted and no payload', async () => {
  const jwe = `${part('{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"r1"}')}.${part('k'.repeat(32))}.${part('iv-iv-iv-iv')}.${part('ciphertext')}.${part('tag-tag-tag-tag!')}`;
  const { json } = await decodeJson(jwe);
  assert.equal(json.kind, 'jwe');
  assert.equal(json.payloadType, 'encrypted');
  assert.equal(json.payload, null);
  assert.equal((json.header as { enc: string }).enc, 'A256GCM');
  assert.equal(json.signatureBytes, 16);
});

test('alg none: kind unsecured, with the finding', async () => {
  const { json } = await decodeJson(`${part('{"alg":"none"}')}.${part('{"sub":"admin"}')}.`);
  assert.equal(json.kind, 'unsecured');
  assert.ok((json.findings as { code: string; severity: string }[]).some((f) => f.code === 'ALG_NONE'));
});

test('bidi and invisible characters in the kid and in a claim: escaped on stdout, the same strings once parsed, and the findings say so', async () => {
  const kid = 'user\u202Egnp.exe';
  const sub = 'adm\u200Bin\u2066';
  const tag = 'x\u{E0041}y';
  const { json, stdout } = await decodeJson(token(JSON.stringify({ alg: 'HS256', kid }), JSON.stringify({ sub, tag })));
  assert.match(stdout, /"kid": "user\\u202Egnp\.exe"/);
  assert.match(stdout, /"sub": "adm\\u200Bin\\u2066"/);
  assert.match(stdout, /"tag": "x\\uDB40\\uDC41y"/);
  assert.equal((json.header as { kid: string }).kid, kid);
  assert.equal((json.payload as { sub: string }).sub, sub);
  assert.equal((json.payload as { tag: string }).tag, tag);
  const suspicious = (json.findings as { code: string; where: string }[]).filter((f) => f.code === 'SUSPICIOUS_TEXT').map((f) => f.where);
  assert.deepEqual(suspicious.sort(), ['header', 'payload']);
});
