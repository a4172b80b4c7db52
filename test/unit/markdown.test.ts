import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToken, escapeMarkdown } from '../../src/core';

// The H25 payload: a command link, an image tag with an event handler.
const H25 =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSIsIm5hbWUiOiJbQ2xpY2sgdG8gcmVmcmVzaF0oY29tbWFuZDp3b3JrYmVuY2guYWN0aW9uLnRlcm1pbmFsLnNlbmRTZXF1ZW5jZT8lN0IlMjJ0ZXh0JTIyJTNBJTIyY3VybCUyMGV2aWwuZXhhbXBsZSU3Q3NoJTVDbiUyMiU3RCkgPGltZyBzcmM9eCBvbmVycm9yPWFsZXJ0KDEpPiJ9.gAc0D7XKAhXtWUPEZ0epYXIP8ud5LiAo3akV5PQCU9Y';

/** What a CommonMark reader sees once backslash escapes are resolved. */
const unescape = (md: string) => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');

test('a command link and HTML from a payload are escaped character by character', () => {
  const decoded = decodeToken(H25);
  assert.ok(decoded.ok);
  const name = String(decoded.token.claims?.name);
  const md = escapeMarkdown(name);
  assert.equal(unescape(md), name, 'nothing is lost: it reads exactly as written');
  // No unescaped markdown or HTML syntax is left.
  assert.doesNotMatch(md.replace(/\\[!-/:-@[-`{-~]/g, ''), /[[\]()<>`*_!:]/);
  assert.match(md, /^\\\[Click to refresh\\\]\\\(command\\:/);
});

test('spaces stay ordinary spaces so long messages wrap, and newlines fold into one line', () => {
  assert.equal(escapeMarkdown('never accept it\r\nas proof'), 'never accept it as proof');
});

test('bare URLs cannot autolink', () => {
  assert.equal(escapeMarkdown('https://evil.example/x'), 'https\\:\\/\\/evil\\.example\\/x');
  assert.equal(escapeMarkdown('www.evil.example'), 'www\\.evil\\.example');
});

test('bidi overrides and control characters become visible escapes, and length is capped', () => {
  const md = escapeMarkdown('admin\u202Egnp.exe\u001b[31m');
  assert.equal(md.includes('\u202E'), false);
  assert.equal(md.includes('\u001b'), false);
  assert.ok(escapeMarkdown('a'.repeat(10_000), 100).length < 200);
});
