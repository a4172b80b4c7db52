// Trusted issuers: how long fetched keys stay fresh (Cache-Control within bounds) and when an unknown kid
// may make JWT Studio fetch again.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { DEFAULT_FRESH_MS, MAX_FRESH_MS, MIN_FRESH_MS, REFETCH_INTERVAL_MS, freshForMs, mayRefetch } from '../../src/core/index';

const MINUTE = 60_000;

describe('freshForMs', () => {
  test('the bounds', () => {
    assert.equal(MIN_FRESH_MS, 5 * MINUTE);
    assert.equal(MAX_FRESH_MS, 24 * 60 * MINUTE);
    assert.equal(DEFAULT_FRESH_MS, 60 * MINUTE);
  });

  test('max-age within bounds, clamped outside them', () => {
    const cases: Array<[string, number]> = [
      ['max-age=3600', 60 * MINUTE],
      ['public, max-age=3600', 60 * MINUTE],
      ['max-age=60', MIN_FRESH_MS],
      ['max-age=0', MIN_FRESH_MS],
      ['max-age=999999', MAX_FRESH_MS],
      ['max-age=99999999999999999999999', MAX_FRESH_MS],
      ['max-age=7200, must-revalidate', 120 * MINUTE],
      ['public,max-age=21600,stale-while-revalidate=60', 360 * MINUTE],
      ['MAX-AGE=1800', 30 * MINUTE],
      ['  max-age = 1800  ', 30 * MINUTE],
      ['max-age="1800"', 30 * MINUTE],
      ['private, max-age=1800, s-maxage=60', 30 * MINUTE],
      // RFC 9111 §4.2.1: the first of several.
      ['max-age=1800, max-age=7200', 30 * MINUTE],
      // A quoted value may hold commas.
      ['foo="a, max-age=60", max-age=1800', 30 * MINUTE],
    ];
    for (const [header, expected] of cases) assert.equal(freshForMs(header), expected, header);
  });

  test('Age is subtracted before the bounds: a set a CDN has held for most of its max-age is fresh for what is left', () => {
    assert.equal(freshForMs('max-age=86400', '86000'), 400_000);
    assert.equal(freshForMs('max-age=86400', '86200'), MIN_FRESH_MS);
    assert.equal(freshForMs('max-age=86400', 82800), 60 * MINUTE);
    assert.equal(freshForMs('max-age=7200', '3600'), 60 * MINUTE);
    assert.equal(freshForMs('max-age=7200', ' 3600 , 10'), 60 * MINUTE, 'the first member of a list (RFC 9111 §5.1)');
    // Without max-age the default lifetime is aged too; with no-store the minimum stays.
    assert.equal(freshForMs(undefined, '1800'), 30 * MINUTE);
    assert.equal(freshForMs('no-store', '10'), MIN_FRESH_MS);
    // An Age that cannot be read is ignored, as RFC 9111 §5.1 says.
    for (const age of ['', 'abc', '-5', '1e3', '3600s', 'x'.repeat(100), undefined, Number.NaN, -1, Infinity]) {
      assert.equal(freshForMs('max-age=7200', age as string | number | undefined), 120 * MINUTE, String(age));
    }
    assert.equal(freshForMs('max-age=7200', '99999999999999999999'), MIN_FRESH_MS);
  });

  test('no-store and no-cache keep keys for the minimum, wherever they stand', () => {
    for (const header of ['no-store', 'no-cache', 'max-age=86400, no-store', 'NO-CACHE, max-age=3600', 'no-cache="set-cookie"', 'private, no-store, max-age=0']) {
      assert.equal(freshForMs(header), MIN_FRESH_MS, header);
    }
  });

  test('absent or unreadable: one hour', () => {
    for (const header of [undefined, '', 'garbage', 'max-age', 'max-age=', 'max-age=-5', 'max-age=1e3', 'max-age=12abc', 'max-age="60', ',,,,', 'foo="unterminated, max-age=60', 'max-age="1800"x']) {
      assert.equal(freshForMs(header), DEFAULT_FRESH_MS, String(header));
    }
    assert.equal(freshForMs(42 as unknown as string), DEFAULT_FRESH_MS);
  });

  test('a 100 KB header is read in linear time', () => {
    const shapes = [
      `${'a'.repeat(100_000)}, max-age=1800`,
      `${'x=, '.repeat(25_000)}max-age=1800`,
      `${',"'.repeat(50_000)}`,
      `max-age=${'9'.repeat(100_000)}`,
      `foo="${'\\"'.repeat(50_000)}", max-age=1800`,
      `${'='.repeat(100_000)}`,
    ];
    // One pass each: a quadratic reader would take seconds on these; the fastest of five runs (so machine
    // load does not decide) reads 100 KB in well under 100 ms.
    for (const header of shapes) {
      let fastest = Number.POSITIVE_INFINITY;
      for (let r = 0; r < 5; r++) {
        const t0 = performance.now();
        freshForMs(header);
        fastest = Math.min(fastest, performance.now() - t0);
      }
      assert.ok(fastest < 100, `${fastest.toFixed(1)} ms for ${header.slice(0, 20)}…`);
    }
    assert.equal(freshForMs(shapes[0] as string), 30 * MINUTE);
    assert.equal(freshForMs(shapes[1] as string), 30 * MINUTE);
    assert.equal(freshForMs(shapes[3] as string), MAX_FRESH_MS);
    assert.equal(freshForMs(shapes[4] as string), 30 * MINUTE);
  });
});

describe('mayRefetch', () => {
  const now = Date.UTC(2026, 0, 1);
  test('never tried, or tried at least the interval ago', () => {
    assert.equal(REFETCH_INTERVAL_MS, 5 * MINUTE);
    assert.equal(mayRefetch(undefined, now), true);
    assert.equal(mayRefetch(now - REFETCH_INTERVAL_MS, now), true);
    assert.equal(mayRefetch(now - 60 * MINUTE, now), true);
  });

  test('tried within the interval: not again', () => {
    assert.equal(mayRefetch(now, now), false);
    assert.equal(mayRefetch(now - REFETCH_INTERVAL_MS + 1, now), false);
    assert.equal(mayRefetch(now - MINUTE, now), false);
  });

  test('a clock set back: by less than the interval waits, by more does not block', () => {
    assert.equal(mayRefetch(now + MINUTE, now), false);
    assert.equal(mayRefetch(now + 24 * 60 * MINUTE, now), true);
  });

  test('times that are not numbers', () => {
    assert.equal(mayRefetch(Number.NaN, now), true);
    assert.equal(mayRefetch(now, Number.NaN), false);
    assert.equal(mayRefetch(now, Number.POSITIVE_INFINITY), false);
  });
});
