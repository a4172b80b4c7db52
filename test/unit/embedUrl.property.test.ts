// Generated hostile values for embed URLs: whatever a value holds, an accepted
// URL goes to the origin its template fixes, keeps the template's path prefix
// and segments, and a redirect path stays on that origin however a browser or
// server reads it (as written, percent-decoded, NFKC-normalised).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { listPresets, renderEmbed } from '../../src/core/index';
import type { Preset } from '../../src/core/index';
import { checkEmbedUrl } from '../../src/core/profiles/embed';

const TIMEOUT = { timeout: 30_000 };
const RUNS = { seed: 20260314, numRuns: 400 };
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln';
const preset = (id: string): Preset => listPresets().find((p) => p.id === id) as Preset;

// The characters that move URLs, a few letters and hex digits for %XX escapes, and Unicode look-alikes and controls.
const HOSTILE = ['/', '\\', '.', '%', ':', '@', '?', '#', '\t', '\n', '\r', ' ', 'a', 'e', 'E', '2', 'f', 'F', '5', 'C', '0', '9', '／', '＼', '．', '。', '＠', '\u2025', '\u3000', '\u0000', '\u0085', '\u202e', 'é'];
const hostile = fc.string({ unit: fc.constantFrom(...HOSTILE), minLength: 1, maxLength: 14 });

/** Every way the value may be read: as written, percent-decoded (as often as it decodes) and NFKC-normalised. */
function readings(v: string): string[] {
  const out = [v];
  let t = v;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(t);
    } catch {
      break;
    }
    if (next === t) break;
    out.push(next);
    t = next;
  }
  return [...out, ...out.map((r) => r.normalize('NFKC'))];
}

/** The path segments of a URL's pathname, decoded. */
function segments(url: URL): string[] {
  return url.pathname.split('/').slice(1).map((s) => decodeURIComponent(s));
}

describe('path values never move the origin or climb out of the base path', () => {
  test('grafana: uid and slug stay one segment each under /d/', TIMEOUT, () => {
    fc.assert(
      fc.property(hostile, fc.option(hostile, { nil: undefined }), (uid, slug) => {
        const r = renderEmbed(preset('grafana'), { siteUrl: 'https://g.example.com/grafana', dashboardUid: uid, ...(slug === undefined ? {} : { slug }) }, TOKEN);
        if (!r.ok) return;
        const url = new URL(r.url ?? '');
        assert.equal(url.origin, 'https://g.example.com');
        assert.equal(r.host, 'g.example.com');
        assert.deepEqual(segments(url), ['grafana', 'd', uid, ...(slug === undefined ? [] : [slug])]);
        assert.equal(url.searchParams.get('auth_token'), TOKEN);
      }),
      RUNS,
    );
  });

  test('tableau: site, workbook and view stay in their places under /t/', TIMEOUT, () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (site, workbook, view) => {
        const r = renderEmbed(preset('tableau'), { host: 'prod.online.tableau.com', site, workbook, view }, TOKEN);
        if (!r.ok) return;
        const url = new URL(r.url ?? '');
        assert.equal(url.origin, 'https://prod.online.tableau.com');
        assert.deepEqual(segments(url), ['t', site, 'views', workbook, view]);
      }),
      RUNS,
    );
  });

  test('frameable: the event stays one segment under /events/, the token in the query', TIMEOUT, () => {
    fc.assert(
      fc.property(hostile, (event) => {
        const r = renderEmbed(preset('frameable'), { domain: 'acme', event }, TOKEN);
        if (!r.ok) return;
        const url = new URL(r.url ?? '');
        assert.equal(url.origin, 'https://acme.frameable.com');
        assert.deepEqual(segments(url), ['events', event]);
        assert.equal(url.searchParams.get('token'), TOKEN);
        for (const seg of readings(event).flatMap((x) => x.split(/[/\\]/))) assert.ok(seg !== '.' && seg !== '..', `${JSON.stringify(event)} was accepted`);
      }),
      RUNS,
    );
  });

  test('any suffix after a fixed prefix: an accepted URL keeps the origin and the prefix, with no dot segment', TIMEOUT, () => {
    fc.assert(
      fc.property(hostile, (suffix) => {
        const fixed = 'https://g.example.com/d/';
        const r = checkEmbedUrl(fixed + suffix, fixed);
        if (!r.ok) return;
        assert.equal(r.url.origin, 'https://g.example.com');
        assert.ok(r.url.pathname.startsWith('/d/'), r.url.pathname);
        // The browser reads the segments that were written: none dropped, merged or resolved away.
        const written = (fixed + suffix).split(/[?#]/)[0] ?? '';
        assert.equal(r.url.pathname.split('/').length, written.slice('https://g.example.com'.length).split('/').length);
      }),
      RUNS,
    );
  });
});

describe('origin-bearing values: the host confirmed is the host the URL goes to', () => {
  test('base: a site URL with anything after the host', TIMEOUT, () => {
    fc.assert(
      fc.property(hostile, (rest) => {
        const siteUrl = `https://mb.example.com${rest}`;
        const r = renderEmbed(preset('metabase-sso'), { siteUrl }, TOKEN);
        if (!r.ok) return;
        const url = new URL(r.url ?? '');
        assert.equal(url.host, r.host);
        assert.equal(url.username + url.password, '');
        assert.ok(url.pathname.endsWith('/auth/sso'), url.pathname);
        assert.equal(url.searchParams.get('jwt'), TOKEN);
      }),
      RUNS,
    );
  });

  test('host: a domain with anything after it', TIMEOUT, () => {
    fc.assert(
      fc.property(hostile, (rest) => {
        const r = renderEmbed(preset('acadio'), { domain: `learn.example.com${rest}` }, TOKEN);
        if (!r.ok) return;
        const url = new URL(r.url ?? '');
        assert.equal(url.host, r.host);
        assert.equal(url.pathname, '/auth/callback/jwt-auth');
        assert.equal(url.searchParams.get('token'), TOKEN);
      }),
      RUNS,
    );
  });
});

describe('redirect paths stay on the same origin', () => {
  // No schema pattern here: the template rule alone must hold.
  const open: Preset = {
    id: 'open',
    name: 'Open',
    alg: { default: 'HS256', allowed: ['HS256'] },
    lifetime: { default: 300 },
    claims: { type: 'object' },
    embed: {
      delivery: 'redirect',
      params: { type: 'object', properties: { siteUrl: { type: 'string' }, returnTo: { type: 'string' } } },
      url: '{siteUrl|base}/auth/sso?jwt={token|query}{[&return_to={returnTo|query}]}{[#back={returnTo|hash}]}',
    },
  } as Preset;

  const sameOrigin = (value: string, base: URL): void => {
    for (const r of readings(value)) {
      let i = 0;
      while (i < r.length && r.charCodeAt(i) <= 0x20) i += 1;
      if (r[i] !== '/' && r[i] !== '\\') continue;
      let resolved: URL;
      try {
        resolved = new URL(r, base);
      } catch {
        continue;
      }
      assert.equal(resolved.origin, base.origin, `${JSON.stringify(value)} read as ${JSON.stringify(r)} goes to ${resolved.origin}`);
    }
  };

  test('Metabase-style return_to (and the same value in the fragment), from hostile characters', TIMEOUT, () => {
    fc.assert(
      fc.property(fc.oneof(hostile, hostile.map((s) => `/${s}`)), (returnTo) => {
        const r = renderEmbed(open, { siteUrl: 'https://mb.example.com', returnTo }, TOKEN);
        if (!r.ok) return;
        const url = new URL(r.url ?? '');
        assert.equal(url.origin, 'https://mb.example.com');
        assert.equal(url.searchParams.get('return_to'), returnTo);
        sameOrigin(returnTo, url);
      }),
      { ...RUNS, numRuns: 1000 },
    );
  });

  test('Acadio go, through the built-in preset', TIMEOUT, () => {
    fc.assert(
      fc.property(hostile.map((s) => `/${s}`), (go) => {
        const r = renderEmbed(preset('acadio'), { domain: 'learn.example.com', go }, TOKEN);
        if (!r.ok) return;
        const url = new URL(r.url ?? '');
        assert.equal(url.searchParams.get('go'), go);
        sameOrigin(go, url);
      }),
      RUNS,
    );
  });

  test('plain local paths are all accepted, rendered exactly as encodeURIComponent writes them', TIMEOUT, () => {
    const safe = fc.string({ unit: fc.constantFrom(...'abcxyz019-_.~/'.split('')), maxLength: 20 }).map((s) => `/${s}`).filter((s) => s[1] !== '/');
    fc.assert(
      fc.property(safe, (returnTo) => {
        const r = renderEmbed(preset('metabase-sso'), { siteUrl: 'https://mb.example.com', returnTo }, TOKEN);
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        assert.equal(r.url, `https://mb.example.com/auth/sso?jwt=${TOKEN}&return_to=${encodeURIComponent(returnTo)}`);
      }),
      RUNS,
    );
  });
});
