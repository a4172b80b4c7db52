import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToken, describeTimes, renderDecodedJsonc, summaryLine } from '../../src/core';

const A1 =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

function decoded(token: string) {
  const result = decodeToken(token);
  assert.ok(result.ok, 'token decodes');
  return result.token;
}

/** Drops whole-line and trailing `//` comments that sit outside strings, as JSONC readers do. */
function stripComments(jsonc: string): string {
  return jsonc
    .split('\n')
    .map((line) => {
      let inString = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (c === '\\' && inString) i++;
        else if (c === '"') inString = !inString;
        else if (!inString && c === '/' && line[i + 1] === '/') return line.slice(0, i);
      }
      return line;
    })
    .join('\n');
}

test('the decoded view of RFC 7515 A.1 is JSONC holding the header and claims as signed', () => {
  const token = decoded(A1);
  const text = renderDecodedJsonc(token, describeTimes(token.claims, Date.UTC(2011, 2, 22, 18, 0, 0)));
  const parsed = JSON.parse(stripComments(text));
  assert.deepEqual(parsed.header, { typ: 'JWT', alg: 'HS256' });
  assert.deepEqual(parsed.payload, { iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true });
  assert.match(text.split('\n')[0] ?? '', /^\/\/ JWT · HS256$/);
  assert.match(text, /^\/\/ exp 2011-03-22T18:43:00(\.000)?Z · expires in 43 min$/im);
});

test('integers beyond 2^53 appear with every digit the token holds', () => {
  const token = decoded(
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjEyMzQ1Njc4OTAxMjM0NTY3ODkwfQ.v3Em0glW6fjbLHskTRXIozQKwCSyaijBE90yBeWHulw',
  );
  assert.match(renderDecodedJsonc(token), /"sub": 12345678901234567890/);
});

test('an unsigned token is announced as such in the first line', () => {
  const token = decoded('eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhbGljZSIsImFkbWluIjpmYWxzZSwiaWF0IjoxNzAwMDAwMDAwfQ.');
  assert.match(summaryLine(token), /^UNSIGNED token \(alg: none\)$/);
  const text = renderDecodedJsonc(token);
  assert.equal(JSON.parse(stripComments(text)).signature, 'none');
});

test('a kid with bidi overrides is shown escaped in the summary line', () => {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'key\u202Egnp.exe' })).toString('base64url');
  const token = decoded(`${header}.eyJzdWIiOiJhIn0.c2ln`);
  assert.equal(summaryLine(token).includes('\u202E'), false);
  assert.match(summaryLine(token), /\\u202[eE]/);
});

test('a JWE shows its header and says the payload is encrypted', () => {
  const header = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A128GCM', kid: 'k1' })).toString('base64url');
  const token = decoded(`${header}..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA`);
  const parsed = JSON.parse(stripComments(renderDecodedJsonc(token)));
  assert.equal(parsed.header.enc, 'A128GCM');
  assert.match(parsed.encrypted, /encrypted/);
  assert.equal(parsed.payload, undefined);
  assert.match(summaryLine(token), /^JWE \(encrypted\) · dir · A128GCM · kid "k1"$/);
});
