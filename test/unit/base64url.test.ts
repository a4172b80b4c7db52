import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeBase64Url,
  encodeBase64Url,
  encodeBase64UrlText,
  inspectBase64Url,
  isBase64UrlCode,
} from '../../src/core/text/base64url';

const bytesOf = (...values: number[]): Uint8Array => new Uint8Array(values);

describe('base64url', () => {
  test('round-trips every length 0..64 against Node base64url', () => {
    for (let len = 0; len <= 64; len++) {
      const bytes = new Uint8Array(len).map((_, i) => (i * 37 + len * 11) & 0xff);
      const encoded = encodeBase64Url(bytes);
      assert.equal(encoded, Buffer.from(bytes).toString('base64url'));
      const decoded = decodeBase64Url(encoded);
      assert.ok(decoded.ok);
      assert.deepEqual([...decoded.bytes], [...bytes]);
      assert.equal(decoded.padded, false);
      assert.equal(decoded.nonZeroTrailingBits, false);
    }
  });

  test('encodes text as UTF-8', () => {
    assert.equal(encodeBase64UrlText('{"alg":"HS256"}'), 'eyJhbGciOiJIUzI1NiJ9');
    assert.equal(encodeBase64UrlText('é'), 'w6k');
    assert.equal(encodeBase64Url(new Uint8Array(0)), '');
  });

  test('large inputs encode correctly', () => {
    const bytes = new Uint8Array(100_003).map((_, i) => i & 0xff);
    assert.equal(encodeBase64Url(bytes), Buffer.from(bytes).toString('base64url'));
  });

  test('rejects whitespace anywhere (no atob-style stripping)', () => {
    for (const s of ['eyJ0 eXAi', 'eyJ0\neXAi', 'eyJ0eXAi\t', ' eyJ0', 'ab\r\ncd']) {
      const r = decodeBase64Url(s);
      assert.equal(r.ok, false, JSON.stringify(s));
      if (!r.ok) assert.equal(typeof r.badOffset, 'number');
    }
    const r = decodeBase64Url('eyJ0 eXAi');
    assert.ok(!r.ok && r.badOffset === 4);
  });

  test('rejects the standard alphabet and non-ASCII', () => {
    for (const [s, at] of [['ab+c', 2], ['ab/c', 2], ['abé', 2], ['a.bc', 1], ['ab\u0000c', 2]] as const) {
      const r = decodeBase64Url(s);
      assert.ok(!r.ok, s);
      assert.equal(r.badOffset, at, s);
    }
  });

  test('rejects impossible lengths (1 mod 4)', () => {
    for (const s of ['a', 'abcde', 'abcdefghi']) {
      const r = decodeBase64Url(s);
      assert.ok(!r.ok && r.badLength === true, s);
    }
  });

  test('padding is accepted but flagged as non-canonical', () => {
    const r = decodeBase64Url('w6k=');
    assert.ok(r.ok);
    assert.equal(r.padded, true);
    assert.deepEqual([...r.bytes], [0xc3, 0xa9]);
    const two = decodeBase64Url('eA==');
    assert.ok(two.ok && two.padded && two.bytes.length === 1 && two.bytes[0] === 0x78);
  });

  test('misplaced or excess padding is rejected', () => {
    for (const s of ['e===', 'eA=', 'eA===', 'w6k==', 'abcd=', '=abc', 'ab=c', 'abcd====']) {
      assert.equal(decodeBase64Url(s).ok, false, s);
    }
  });

  test('non-zero trailing bits decode to the same bytes but are flagged', () => {
    const canonical = decodeBase64Url('eA');
    const sloppy = decodeBase64Url('eB');
    assert.ok(canonical.ok && sloppy.ok);
    assert.deepEqual([...sloppy.bytes], [...canonical.bytes]);
    assert.equal(canonical.nonZeroTrailingBits, false);
    assert.equal(sloppy.nonZeroTrailingBits, true);
    // RFC 7515 A.1 signature with its last character k -> l (hostile H09).
    const a1 = decodeBase64Url('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    const a1l = decodeBase64Url('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl');
    assert.ok(a1.ok && a1l.ok);
    assert.deepEqual([...a1l.bytes], [...a1.bytes]);
    assert.equal(a1l.nonZeroTrailingBits, true);
  });

  test('inspect reports the decoded length without decoding', () => {
    assert.equal(inspectBase64Url('').byteLength, 0);
    assert.equal(inspectBase64Url('eA').byteLength, 1);
    assert.equal(inspectBase64Url('w6k').byteLength, 2);
    assert.equal(inspectBase64Url('abcd').byteLength, 3);
    assert.equal(inspectBase64Url('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk').byteLength, 32);
  });

  test('alphabet membership', () => {
    for (const c of 'AZaz09-_') assert.ok(isBase64UrlCode(c.charCodeAt(0)), c);
    for (const c of '+/=. \n\u00e9') assert.ok(!isBase64UrlCode(c.charCodeAt(0)), c);
  });

  test('decodes 1 MiB quickly', () => {
    const bytes = new Uint8Array(1024 * 1024).map((_, i) => (i * 7) & 0xff);
    const text = Buffer.from(bytes).toString('base64url');
    const t0 = performance.now();
    const r = decodeBase64Url(text);
    const ms = performance.now() - t0;
    assert.ok(r.ok && r.bytes.length === bytes.length);
    assert.ok(ms < 500, `took ${ms} ms`);
    assert.deepEqual(bytesOf(...r.bytes.subarray(0, 16)), bytes.subarray(0, 16));
  });
});
