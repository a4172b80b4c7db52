// Fetching an issuer's discovery document and JWK Set (src/issuers/issuerFetch.ts) against a server this
// test starts on 127.0.0.1: the request carries nothing but Accept, a slow answer times out, a large one is
// cut off, a redirect is refused with where it pointed, a 404 moves to the next discovery URL, and anything
// the core refuses is a failure.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { discoveryUrls, fetchableUrl, freshForMs, readDiscovery, readJwkSet } from '../../src/core';
import type { FetchableUrl } from '../../src/core';
import { fetchIssuerKeys, fetchText, type IssuerFetchDeps } from '../../src/issuers/issuerFetch';
import { keyPair } from '../keyPairs';

const rules = { discoveryUrls, readDiscovery, readJwkSet, fetchableUrl, freshForMs };
const jwk = { ...keyPair('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'ES256', use: 'sig' };

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const routes = new Map<string, Handler>();
const seen: { path: string; headers: IncomingMessage['headers'] }[] = [];
/** Answers the server gave up on: the client closed the connection before the end. */
let abortedAnswers = 0;
let server: Server;
let base = '';

const json = (value: unknown, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
};

before(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    res.on('close', () => {
      if (!res.writableFinished) abortedAnswers += 1;
    });
    const handler = routes.get(req.url ?? '');
    if (handler) return handler(req, res);
    res.writeHead(404).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A URL as the core hands it out (fetchText trusts its caller for that). */
const url = (path: string, origin = base): FetchableUrl => {
  const parsed = new URL(`${origin}${path}`);
  return { href: parsed.href, host: parsed.host, loopback: true };
};
const limits = { timeoutMs: 2_000, maxBytes: 64 * 1024 };
const allowAll: IssuerFetchDeps['allow'] = () => Promise.resolve(true);

describe('one request', () => {
  test('a plain GET with Accept: application/json and nothing that identifies the person', async () => {
    routes.set('/plain', json({ ok: true }, { 'Cache-Control': 'max-age=600' }));
    const got = await fetchText(url('/plain'), limits);
    assert.deepEqual(got, { ok: true, text: '{"ok":true}', cacheControl: 'max-age=600' });
    const request = seen.at(-1);
    assert.equal(request?.headers.accept, 'application/json');
    for (const header of ['cookie', 'authorization', 'proxy-authorization', 'referer']) assert.equal(request?.headers[header], undefined, header);
  });

  test('no answer within the timeout is a timeout', async () => {
    routes.set('/slow', () => undefined);
    const started = Date.now();
    const got = await fetchText(url('/slow'), { ...limits, timeoutMs: 300 });
    assert.equal(got.ok, false);
    assert.equal(!got.ok && got.reason, 'timeout');
    assert.ok(Date.now() - started < 2_000);
  });

  test('an answer past the size cap is cut off, declared or not', async () => {
    routes.set('/declared', (_req, res) => {
      res.writeHead(200, { 'Content-Length': String(limits.maxBytes + 1) });
      res.write('x'.repeat(1024));
    });
    const declared = await fetchText(url('/declared'), limits);
    assert.equal(!declared.ok && declared.reason, 'too-large');
    assert.match(!declared.ok ? declared.message : '', /larger than 64 KiB/);

    // A stream that never ends: the client must stop reading it.
    let sent = 0;
    routes.set('/endless', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = ' '.repeat(16 * 1024);
      const timer = setInterval(() => {
        sent += chunk.length;
        if (!res.write(chunk)) return;
        if (sent > 100 * limits.maxBytes) res.end();
      }, 1);
      res.on('close', () => clearInterval(timer));
    });
    const aborted = abortedAnswers;
    const endless = await fetchText(url('/endless'), limits);
    assert.equal(!endless.ok && endless.reason, 'too-large');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(abortedAnswers > aborted, 'the connection was closed before the answer ended');
    assert.ok(sent < 50 * limits.maxBytes, `the server sent ${sent} bytes before the client stopped`);
  });

  test('a redirect is not followed, and the error names where it pointed', async () => {
    routes.set('/moved', (_req, res) => res.writeHead(302, { Location: 'https://elsewhere.example/jwks' }).end());
    const before = seen.length;
    const got = await fetchText(url('/moved'), limits);
    assert.equal(!got.ok && got.reason, 'redirect');
    assert.match(!got.ok ? got.message : '', /302.*elsewhere\.example.*jwksUri/);
    assert.equal(seen.length, before + 1, 'one request, to this server only');
  });

  test('a status other than 2xx is an error with the status', async () => {
    routes.set('/broken', (_req, res) => res.writeHead(500).end('oops'));
    const got = await fetchText(url('/broken'), limits);
    assert.deepEqual([got.ok, !got.ok && got.reason, !got.ok && got.status], [false, 'status', 500]);
    assert.match(!got.ok ? got.message : '', /HTTP 500/);
  });

  test('bytes that are not UTF-8 are refused', async () => {
    routes.set('/latin1', (_req, res) => res.writeHead(200).end(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])));
    const got = await fetchText(url('/latin1'), limits);
    assert.equal(!got.ok && got.reason, 'not-text');
  });

  test('a closed port is a network error naming the host', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const got = await fetchText(url('/x', `http://127.0.0.1:${port}`), limits);
    assert.equal(!got.ok && got.reason, 'network');
    assert.match(!got.ok ? got.message : '', new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
  });
});

describe("an issuer's keys", () => {
  test('OpenID Connect discovery, then its jwks_uri; the freshness comes from Cache-Control', async () => {
    const issuer = `${base}/realms/oidc`;
    routes.set('/realms/oidc/.well-known/openid-configuration', json({ issuer, jwks_uri: `${base}/realms/oidc/certs` }));
    routes.set('/realms/oidc/certs', json({ keys: [jwk] }, { 'Cache-Control': 'public, max-age=7200' }));
    const got = await fetchIssuerKeys({ issuer }, { rules, allow: allowAll, now: () => 1_000_000 });
    assert.ok(got.ok, !got.ok ? got.message : '');
    assert.equal(got.keys.jwksUri, `${base}/realms/oidc/certs`);
    assert.deepEqual(got.keys.keys.map((k) => k.kid), ['k1']);
    assert.equal(got.keys.fetchedAt, 1_000_000);
    assert.equal(got.keys.freshUntil, 1_000_000 + 7_200_000);
  });

  test('a 404 for the OpenID Connect document moves on to RFC 8414, in that order', async () => {
    const issuer = `${base}/tenant`;
    routes.set('/.well-known/oauth-authorization-server/tenant', json({ issuer, jwks_uri: `${base}/tenant/keys` }));
    routes.set('/tenant/keys', json({ keys: [jwk] }));
    const from = seen.length;
    const got = await fetchIssuerKeys({ issuer }, { rules, allow: allowAll });
    assert.ok(got.ok, !got.ok ? got.message : '');
    assert.deepEqual(seen.slice(from).map((r) => r.path), ['/tenant/.well-known/openid-configuration', '/.well-known/oauth-authorization-server/tenant', '/tenant/keys']);
  });

  test('when neither discovery document exists, the error says to set jwksUri', async () => {
    const got = await fetchIssuerKeys({ issuer: `${base}/nothing` }, { rules, allow: allowAll });
    assert.equal(got.ok, false);
    assert.match(!got.ok ? got.message : '', /no discovery document.*404.*jwksUri/);
  });

  test('a configured jwksUri is fetched without discovery', async () => {
    routes.set('/direct/jwks.json', json({ keys: [jwk] }));
    const from = seen.length;
    const got = await fetchIssuerKeys({ issuer: `${base}/direct`, jwksUri: `${base}/direct/jwks.json` }, { rules, allow: allowAll });
    assert.ok(got.ok);
    assert.deepEqual(seen.slice(from).map((r) => r.path), ['/direct/jwks.json']);
  });

  test('each host is asked about before its first request; a no fetches nothing', async () => {
    const issuer = `${base}/asked`;
    routes.set('/asked/.well-known/openid-configuration', json({ issuer, jwks_uri: `${base}/asked/certs` }));
    const asked: string[] = [];
    const from = seen.length;
    const got = await fetchIssuerKeys({ issuer }, {
      rules,
      allow: (target, what) => {
        asked.push(`${what} ${target.host}`);
        return Promise.resolve(false);
      },
    });
    assert.equal(got.ok, false);
    assert.equal(!got.ok && got.declined, true);
    assert.deepEqual(asked, [`discovery ${new URL(base).host}`]);
    assert.equal(seen.length, from, 'no request was made');
  });

  test('a discovery document naming another issuer, or an http jwks_uri elsewhere, is refused', async () => {
    const issuer = `${base}/mismatch`;
    routes.set('/mismatch/.well-known/openid-configuration', json({ issuer: `${base}/other`, jwks_uri: `${base}/mismatch/certs` }));
    const got = await fetchIssuerKeys({ issuer }, { rules, allow: allowAll });
    assert.equal(got.ok, false);
    assert.match(!got.ok ? got.message : '', /discovery document .* refused/);

    const plain = `${base}/plain-http`;
    routes.set('/plain-http/.well-known/openid-configuration', json({ issuer: plain, jwks_uri: 'http://keys.example.com/certs' }));
    const http = await fetchIssuerKeys({ issuer: plain }, { rules, allow: allowAll });
    assert.equal(http.ok, false);
  });

  test('a JWK Set the core refuses, an HTML page, or a set with no signature key is a failure', async () => {
    const cases: [string, Handler][] = [
      ['/bad/a', json({ keys: 'nope' })],
      ['/bad/b', (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Sign in</body></html>')],
      ['/bad/c', json({ keys: [{ ...jwk, use: 'enc', alg: 'ECDH-ES' }] })],
    ];
    for (const [path, handler] of cases) {
      routes.set(path, handler);
      const got = await fetchIssuerKeys({ issuer: `${base}/bad`, jwksUri: `${base}${path}` }, { rules, allow: allowAll });
      assert.equal(got.ok, false, path);
      assert.match(!got.ok ? got.message : '', new RegExp(`JWK Set at ${base.replace(/\./g, '\\.')}${path}`), path);
    }
  });
});
