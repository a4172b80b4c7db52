import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { describeTimes, formatDuration } from '../../src/core/token/times';

const NOW_MS = Date.UTC(2026, 2, 2, 12, 0, 0);
const NOW = NOW_MS / 1000;

describe('formatDuration', () => {
  test('units', () => {
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(0.4), 'less than 1 s');
    assert.equal(formatDuration(45), '45 s');
    assert.equal(formatDuration(-45), '45 s');
    assert.equal(formatDuration(240), '4 min');
    assert.equal(formatDuration(299), '4 min');
    assert.equal(formatDuration(3 * 3600 + 59), '3 h');
    assert.equal(formatDuration(86400), '1 day');
    assert.equal(formatDuration(2 * 86400 + 5), '2 days');
    assert.equal(formatDuration(366 * 86400), '1 year');
    assert.equal(formatDuration(3156 * 365.25 * 86400), '3156 years');
  });

  test('absurd values', () => {
    assert.equal(formatDuration(Infinity), 'forever');
    assert.equal(formatDuration(-Infinity), 'forever');
    assert.equal(formatDuration(NaN), 'an unknown time');
    assert.equal(formatDuration('5' as unknown as number), 'an unknown time');
    assert.equal(typeof formatDuration(1e300), 'string');
  });
});

describe('describeTimes', () => {
  test('valid token: expires in 4 min, issued 5 min ago, lifetime', () => {
    const d = describeTimes({ exp: NOW + 240, iat: NOW - 300 }, NOW_MS);
    assert.equal(d.status, 'valid');
    assert.equal(d.exp?.words, 'expires in 4 min');
    assert.equal(d.exp?.iso, new Date((NOW + 240) * 1000).toISOString().replace('.000Z', 'Z'));
    assert.equal(d.exp?.relative, '4 min from now');
    assert.equal(d.iat?.words, 'issued 5 min ago');
    assert.equal(d.lifetimeSeconds, 540);
    assert.equal(d.summary, 'Expires in 4 min');
  });

  test('expired 3 h ago', () => {
    const d = describeTimes({ exp: NOW - 3 * 3600 }, NOW_MS);
    assert.equal(d.status, 'expired');
    assert.equal(d.exp?.words, 'expired 3 h ago');
    assert.equal(d.summary, 'Expired 3 h ago');
  });

  test('exp exactly now counts as expired, as jose does', () => {
    assert.equal(describeTimes({ exp: NOW }, NOW_MS).status, 'expired');
    assert.equal(describeTimes({ exp: NOW }, NOW_MS).exp?.words, 'expired just now');
  });

  test('clock tolerance', () => {
    assert.equal(describeTimes({ exp: NOW - 30 }, NOW_MS, { clockToleranceSeconds: 60 }).status, 'valid');
    assert.equal(describeTimes({ nbf: NOW + 30, exp: NOW + 600 }, NOW_MS, { clockToleranceSeconds: 60 }).status, 'valid');
    assert.equal(describeTimes({ exp: NOW - 30 }, NOW_MS, { clockToleranceSeconds: NaN }).status, 'expired');
  });

  test('not valid for another 2 days', () => {
    const d = describeTimes({ nbf: NOW + 2 * 86400 + 60, exp: NOW + 10 * 86400 }, NOW_MS);
    assert.equal(d.status, 'not-yet-valid');
    assert.equal(d.nbf?.words, 'not valid for another 2 days');
    assert.equal(d.summary, 'Not valid for another 2 days');
  });

  test('issued in the future', () => {
    const d = describeTimes({ iat: NOW + 2 * 3600, exp: NOW + 3 * 3600 }, NOW_MS);
    assert.equal(d.iat?.words, 'issued in the future (2 h from now)');
    assert.match(d.summary, /Expires in 3 h · issued in the future \(2 h from now\)/);
  });

  test('no expiry', () => {
    const d = describeTimes({ sub: 'x', iat: NOW - 60 }, NOW_MS);
    assert.equal(d.status, 'no-expiry');
    assert.match(d.summary, /No expiry/);
    assert.equal(describeTimes({}, NOW_MS).status, 'no-expiry');
  });

  test('not a claims set', () => {
    for (const p of [null, undefined, 'x', 5, [1, 2]]) assert.equal(describeTimes(p, NOW_MS).status, 'no-expiry');
  });

  test('exp as a string is invalid: "exp must be a number"', () => {
    const d = describeTimes({ exp: '1795261667' }, NOW_MS);
    assert.equal(d.status, 'invalid');
    assert.match(d.exp?.problem ?? '', /^exp must be a number/);
    assert.equal(d.exp?.raw, '"1795261667"');
    assert.equal(d.exp?.seconds, undefined);
    assert.match(d.summary, /exp must be a number/);
  });

  test('booleans, null, objects are invalid', () => {
    for (const v of [true, null, { a: 1 }, [1]]) {
      const d = describeTimes({ nbf: v }, NOW_MS);
      assert.equal(d.status, 'invalid');
      assert.match(d.nbf?.problem ?? '', /nbf must be a number/);
    }
  });

  test('Infinity (1e309), 9e15, huge integers are invalid and never throw', () => {
    for (const [value, raw] of [[Infinity, 'Infinity'], [-Infinity, '-Infinity'], [9e15, '9000000000000000'], [Number('12345678901234567890'), '12345678901234567000'], [NaN, 'NaN']] as const) {
      const d = describeTimes({ exp: value }, NOW_MS);
      assert.equal(d.status, 'invalid', String(value));
      assert.equal(d.exp?.raw, raw);
      assert.equal(d.exp?.iso, undefined);
      assert.match(d.exp?.problem ?? '', /not a valid NumericDate/);
    }
  });

  test('raw values come from the JSON text when given', () => {
    const d = describeTimes({ exp: Infinity }, NOW_MS, { payloadText: '{"exp":1e309}' });
    assert.equal(d.exp?.raw, '1e309');
    assert.match(d.summary, /1e309/);
    const big = describeTimes({ iat: Number('12345678901234567890') }, NOW_MS, { payloadText: '{"iat":12345678901234567890}' });
    assert.equal(big.iat?.raw, '12345678901234567890');
  });

  test('negative and far-future values are dated, within the Date range', () => {
    const neg = describeTimes({ exp: -1 }, NOW_MS);
    assert.equal(neg.status, 'expired');
    assert.equal(neg.exp?.iso, '1969-12-31T23:59:59Z');
    const far = describeTimes({ nbf: 99999999999 }, NOW_MS);
    assert.equal(far.status, 'not-yet-valid');
    assert.match(far.nbf?.iso ?? '', /^5138-/);
    const edge = describeTimes({ exp: 8.64e12 }, NOW_MS);
    assert.equal(edge.status, 'valid');
    assert.equal(edge.exp?.iso, '+275760-09-13T00:00:00Z');
    assert.equal(describeTimes({ exp: 8.64e12 + 1 }, NOW_MS).status, 'invalid');
  });

  test('fractional seconds', () => {
    const d = describeTimes({ exp: NOW + 0.5 }, NOW_MS);
    assert.equal(d.status, 'valid');
    assert.equal(d.exp?.iso, new Date(NOW_MS + 500).toISOString());
    assert.equal(d.exp?.words, 'expires in less than 1 s');
  });

  test('own properties only', () => {
    const claims = JSON.parse('{"__proto__":{"exp":1}}') as object;
    assert.equal(describeTimes(claims, NOW_MS).status, 'no-expiry');
    const inherited = Object.create({ exp: 1 }) as object;
    assert.equal(describeTimes(inherited, NOW_MS).status, 'no-expiry');
  });

  test('a bad now falls back to the clock instead of throwing', () => {
    assert.equal(typeof describeTimes({ exp: NOW }, NaN).status, 'string');
  });
});
