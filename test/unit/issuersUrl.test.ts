// Trusted issuers: which issuer identifiers and key URLs may be fetched (issuerUrl.ts), and where an
// issuer's metadata is looked for (discoveryUrls: OpenID Connect Discovery 1.0 and RFC 8414).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ISSUER_LENGTH, discoveryUrls, fetchableUrl, parseIssuer, trustableIssuer } from '../../src/core/index';

function refused(text: string, fragment: RegExp): void {
  const r = parseIssuer(text);
  assert.equal(r.ok, false, `${JSON.stringify(text)} should be refused`);
  if (r.ok) return;
  assert.equal(r.error.code, 'ISSUER_URL_INVALID');
  assert.match(r.error.message, fragment);
}

describe('parseIssuer', () => {
  test('an https issuer is kept exactly as given; the URL fetched is the parse', () => {
    for (const issuer of ['https://login.example.com', 'https://login.example.com/', 'https://idp.example.com/realms/dev', 'https://EXAMPLE.com/Tenant']) {
      const r = parseIssuer(issuer);
      if (!r.ok) assert.fail(r.error.message);
      assert.equal(r.issuer, issuer);
      assert.equal(r.url.href, new URL(issuer).href);
      assert.equal(r.url.loopback, false);
    }
    const upper = parseIssuer('https://EXAMPLE.com/Tenant');
    assert.ok(upper.ok);
    assert.equal(upper.url.host, 'example.com');
    assert.equal(upper.url.href, 'https://example.com/Tenant');
  });

  test('the host is shown with its port when not the default, and an IDN host as punycode', () => {
    const port = parseIssuer('https://idp.example.com:8443/x');
    assert.ok(port.ok);
    assert.equal(port.url.host, 'idp.example.com:8443');
    const idn = parseIssuer('https://bücher.example/tenant');
    assert.ok(idn.ok);
    assert.equal(idn.issuer, 'https://bücher.example/tenant');
    assert.equal(idn.url.host, 'xn--bcher-kva.example');
    assert.equal(idn.url.href, 'https://xn--bcher-kva.example/tenant');
    // A Cyrillic look-alike of example.com is shown as what it is.
    const lookalike = parseIssuer('https://\u0435\u0445ample.com');
    assert.ok(lookalike.ok);
    assert.match(lookalike.url.host, /^xn--/);
  });

  test('plain http is refused except to this machine', () => {
    refused('http://login.example.com', /plain http to login\.example\.com.*https:\/\//);
    refused('http://10.0.0.1:8080', /plain http/);
    refused('http://[::ffff:127.0.0.1]', /plain http/);
    refused('http://localhost.evil.com', /plain http/);
    refused('http://127.0.0.1.evil.com', /plain http/);
    for (const [text, host] of [
      ['http://localhost:8080/realms/dev', 'localhost:8080'],
      ['http://127.0.0.1:9000', '127.0.0.1:9000'],
      ['http://127.1.2.3', '127.1.2.3'],
      ['http://[::1]:3000/', '[::1]:3000'],
      // The parser writes 0x7f.1 and 2130706433 as 127.0.0.1: loopback as a browser reads it.
      ['http://0x7f.1/', '127.0.0.1'],
      ['http://2130706433/', '127.0.0.1'],
    ] as const) {
      const r = parseIssuer(text);
      if (!r.ok) assert.fail(`${text}: ${r.error.message}`);
      assert.equal(r.url.loopback, true);
      assert.equal(r.url.host, host);
    }
    const https = parseIssuer('https://localhost:8443');
    assert.ok(https.ok);
    assert.equal(https.url.loopback, true);
  });

  test('user info is refused, including the tricks another parser reads differently', () => {
    refused('https://good.com@evil.com', /user name before "@", so a browser would send the request to evil\.com/);
    refused('https://user:pass@idp.example.com', /user name/);
    refused('https://@evil.com', /user name/);
    refused('https://:@evil.com', /user name/);
    refused('https://good.com%40x@evil.com', /evil\.com/);
    // A browser reads the backslash as "/" (host good.com); other software does not: refused either way.
    refused('https://good.com\\@evil.com', /backslash at position 17/);
    refused('https://good.com\\.evil.com', /backslash/);
  });

  test('scheme, slashes, query, fragment, empty host', () => {
    refused('ftp://idp.example.com', /does not start with https:\/\//);
    refused('idp.example.com', /does not start with https:\/\//);
    refused('https:idp.example.com', /does not start with https:\/\//);
    refused('javascript:alert(1)', /does not start/);
    refused('https:///evil.com', /more than two slashes/);
    refused('https://', /not a URL a browser can read/);
    refused('https://:443', /not a URL/);
    refused('https://idp.example.com?tenant=a', /query/);
    refused('https://idp.example.com/?', /query/);
    refused('https://idp.example.com#x', /fragment/);
    refused('https://idp.example.com/#', /fragment/);
    refused('', /empty/);
  });

  test('controls, spaces and characters that do not show are refused, wherever they are', () => {
    refused(' https://idp.example.com', /space at position 1/);
    refused('https://idp.example.com ', /space/);
    refused('https://idp.exa\tmple.com', /control character at position 16/);
    refused('https://idp.example.com/a\nb', /control character/);
    refused('https://idp.example.com/\u202Eevil', /do not show on screen.*bidi/);
    refused('https://idp.exam\u200Bple.com', /do not show on screen/);
    const r = parseIssuer('https://idp.example.com/\u202Eevil');
    assert.ok(!r.ok);
    // The hostile text is quoted escaped, never as itself.
    assert.ok(!r.error.message.includes('\u202E'));
    assert.match(r.error.message, /\\u202E/);
  });

  test('over 2048 characters is refused before parsing, and the message quotes only a short piece', () => {
    const long = `https://idp.example.com/${'a'.repeat(2100)}`;
    const r = parseIssuer(long);
    assert.ok(!r.ok);
    assert.match(r.error.message, /2124 characters long/);
    assert.ok(r.error.message.length < 400);
    assert.ok(fetchableUrl(`https://idp.example.com/${'a'.repeat(2048 - 24)}`).ok);
    assert.equal(fetchableUrl(`https://idp.example.com/${'a'.repeat(2049 - 24)}`).ok, false);
  });

  test('an issuer leaves room for its discovery URLs: at most 2048 less the longer well-known suffix', () => {
    assert.equal(MAX_ISSUER_LENGTH, 2048 - '/.well-known/oauth-authorization-server'.length);
    const longest = `https://idp.example.com/${'a'.repeat(MAX_ISSUER_LENGTH - 24)}`;
    assert.ok(parseIssuer(longest).ok);
    const urls = discoveryUrls(longest);
    if (!urls.ok) assert.fail(urls.error.message);
    assert.ok(urls.urls.every((u) => u.href.length <= 2048));
    const over = parseIssuer(`${longest}a`);
    assert.ok(!over.ok);
    assert.match(over.error.message, /is 2010 characters long: at most 2009 are read \(so that its discovery URLs fit in 2048\)/);
    assert.doesNotMatch(over.error.message, /key URL/);
    // The parse can be longer than the text (here each character of an IDN path is percent-encoded): its own words.
    const expanded = discoveryUrls(`https://idp.example.com/${'é'.repeat(700)}`);
    assert.ok(!expanded.ok);
    assert.match(expanded.error.message, /as a browser writes it, so its discovery URL would be over 2048: set its jwks_uri yourself/);
  });

  test('"." and ".." path segments, %2e counting as a dot, are refused: the URL fetched would not be the URL shown', () => {
    for (const [text, segment] of [
      ['https://idp.example.com/tenant/../evil', '..'],
      ['https://idp.example.com/tenant/%2e%2e/evil', '%2e%2e'],
      ['https://idp.example.com/tenant/%2E./evil', '%2E.'],
      ['https://idp.example.com/tenant/.%2e', '.%2e'],
      ['https://idp.example.com/./tenant', '.'],
      ['https://idp.example.com/tenant/%2e', '%2e'],
    ] as const) {
      refused(text, new RegExp(`has the path segment "${segment.replace(/\./g, '\\.')}": a browser drops it`));
      assert.equal(fetchableUrl(text).ok, false, text);
    }
    // Dots inside a segment are just characters.
    for (const text of ['https://idp.example.com/a.b/..c/...', 'https://idp.example.com/v2.0', 'https://idp.example.com/%2e%2e%2e']) assert.ok(parseIssuer(text).ok, text);
    assert.ok(fetchableUrl('https://idp.example.com/keys?path=../x').ok, 'a query is not a path');
  });

  test('http://localhost. is refused with words that name the trailing dot', () => {
    refused('http://localhost.:8080', /names localhost\. with a trailing dot: that name is looked up like any other host.*without the dot/);
    const r = parseIssuer('http://localhost.:8080');
    assert.ok(!r.ok);
    assert.doesNotMatch(r.error.message, /allowed only to localhost/);
  });

  test('trustableIssuer: only what parseIssuer accepts, so "Trust issuer" is offered only for it', () => {
    for (const iss of ['https://accounts.google.com', 'https://login.microsoftonline.com/tid/v2.0', 'http://localhost:8080/realms/dev']) assert.equal(trustableIssuer(iss), true, iss);
    for (const iss of ['accounts.google.com', 'http://evil.example', 'https://idp.example.com/a/../b', 'https://idp.example.com?x', '', 42, undefined, null, {}]) assert.equal(trustableIssuer(iss), false, String(iss));
  });

  test('not text is refused, never thrown', () => {
    for (const value of [undefined, null, 42, {}, ['https://a.com']]) {
      const r = parseIssuer(value as unknown as string);
      assert.equal(r.ok, false);
    }
  });
});

describe('fetchableUrl', () => {
  test('a jwks_uri may carry a query but no fragment', () => {
    const q = fetchableUrl('https://www.googleapis.com/oauth2/v3/certs?v=2');
    if (!q.ok) assert.fail(q.error.message);
    assert.equal(q.url.href, 'https://www.googleapis.com/oauth2/v3/certs?v=2');
    assert.equal(q.url.host, 'www.googleapis.com');
    const f = fetchableUrl('https://idp.example.com/jwks#keys');
    assert.ok(!f.ok);
    assert.match(f.error.message, /^The key URL .*fragment/);
  });

  test('the same rules as issuers otherwise', () => {
    assert.ok(!fetchableUrl('http://idp.example.com/jwks').ok);
    assert.ok(!fetchableUrl('https://good.com@evil.com/jwks').ok);
    assert.ok(fetchableUrl('http://127.0.0.1:41234/jwks').ok);
  });
});

describe('discoveryUrls', () => {
  const hrefs = (issuer: string): string[] => {
    const r = discoveryUrls(issuer);
    if (!r.ok) assert.fail(r.error.message);
    return r.urls.map((u) => u.href);
  };

  test('an issuer without a path: both well-known names at the root', () => {
    assert.deepEqual(hrefs('https://idp.example.com'), ['https://idp.example.com/.well-known/openid-configuration', 'https://idp.example.com/.well-known/oauth-authorization-server']);
    assert.deepEqual(hrefs('https://idp.example.com/'), hrefs('https://idp.example.com'));
  });

  test('an issuer with a path: OIDC appends, RFC 8414 inserts the well-known name before the path', () => {
    assert.deepEqual(hrefs('https://idp.example.com/realms/dev'), [
      'https://idp.example.com/realms/dev/.well-known/openid-configuration',
      'https://idp.example.com/.well-known/oauth-authorization-server/realms/dev',
    ]);
    // One trailing slash is dropped first (OpenID Connect Discovery §4.1, RFC 8414 §3.1).
    assert.deepEqual(hrefs('https://idp.example.com/tenant/v2.0/'), [
      'https://idp.example.com/tenant/v2.0/.well-known/openid-configuration',
      'https://idp.example.com/.well-known/oauth-authorization-server/tenant/v2.0',
    ]);
  });

  test('built from the parse: the origin with its port, the IDN host as punycode', () => {
    assert.deepEqual(hrefs('http://127.0.0.1:8080/realms/x'), [
      'http://127.0.0.1:8080/realms/x/.well-known/openid-configuration',
      'http://127.0.0.1:8080/.well-known/oauth-authorization-server/realms/x',
    ]);
    assert.equal(hrefs('https://bücher.example')[0], 'https://xn--bcher-kva.example/.well-known/openid-configuration');
  });

  test('an issuer that may not be fetched gives its error', () => {
    const r = discoveryUrls('http://idp.example.com');
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'ISSUER_URL_INVALID');
  });
});
