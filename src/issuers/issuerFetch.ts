// Fetching an issuer's discovery document and JWK Set. No vscode here, so the rules are tested on plain
// Node against a local server; the core's readers and URL rules are passed in (tokenCore()'s in the
// extension).
//
// Requests go through Node's `http` / `https` modules, which VS Code patches in the extension host to
// honour its proxy settings (`http.proxy`, `http.proxySupport`, the system proxy): they are required by
// those plain names, and nothing here picks an agent, so the patched one is used. Each request is a plain GET with `Accept: application/json` and no cookies,
// credentials or other headers; redirects are not followed; the answer is cut off past a size cap and
// after a timeout. Only URLs the core accepted are fetched (parseIssuer, fetchableUrl, readDiscovery):
// nothing a token names.
import type { FetchableUrl, IssuerKeys, JwkSetReading, Result, TrustedIssuer } from '../core';

export const FETCH_TIMEOUT_MS = 10_000;
export const DISCOVERY_MAX_BYTES = 256 * 1024;
export const JWK_SET_MAX_BYTES = 1024 * 1024;

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

/** Why a request gave no usable text. */
export type FetchFailureReason = 'timeout' | 'too-large' | 'redirect' | 'status' | 'network' | 'not-text';

export type Fetched =
  | { ok: true; text: string; cacheControl?: string; age?: string }
  | { ok: false; reason: FetchFailureReason; message: string; status?: number };

const HEADERS = { Accept: 'application/json', 'User-Agent': 'JWT-Studio' };

/** Size in words people read: "256 KiB", "1 MiB". */
function sizeWords(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;
}

/** One GET of a URL the core accepted; never throws, never follows a redirect. */
export async function fetchText(url: FetchableUrl, limits: FetchLimits): Promise<Fetched> {
  const https = url.href.startsWith('https:');
  // Loaded on the first fetch, not at activation. The plain module names are the ones VS Code's proxy patch covers.
  const client = https ? await import('https') : await import('http');
  return new Promise<Fetched>((resolve) => {
    let settled = false;
    const finish = (result: Fetched): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const fail = (reason: FetchFailureReason, message: string, status?: number): void =>
      finish(status === undefined ? { ok: false, reason, message } : { ok: false, reason, message, status });
    let request: ReturnType<typeof client.get>;
    const timer = setTimeout(() => {
      fail('timeout', `${url.host} did not answer within ${Math.round(limits.timeoutMs / 1000)} s.`);
      request?.destroy();
    }, limits.timeoutMs);
    try {
      request = client.get(url.href, { headers: HEADERS }, (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          response.resume();
          const location = response.headers.location;
          let to = '';
          try {
            to = location ? ` to ${new URL(location, url.href).host}` : '';
          } catch {
            to = '';
          }
          fail('redirect', `${url.host} answered ${status}, a redirect${to}. JWT Studio does not follow redirects: set "jwksUri" for this issuer in jwtStudio.trustedIssuers to the address of its JWK Set.`, status);
          request.destroy();
          return;
        }
        if (status < 200 || status >= 300) {
          response.resume();
          fail('status', `${url.host} answered HTTP ${status} for ${url.href}.`, status);
          request.destroy();
          return;
        }
        const tooLarge = (): void => {
          fail('too-large', `the answer from ${url.host} is larger than ${sizeWords(limits.maxBytes)}; it was not read.`);
          request.destroy();
        };
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > limits.maxBytes) return tooLarge();
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) return tooLarge();
          chunks.push(chunk);
        });
        response.on('end', () => {
          if (settled) return;
          let text: string;
          try {
            text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
          } catch {
            fail('not-text', `the answer from ${url.host} is not UTF-8 text.`);
            return;
          }
          // Cache-Control and Age (how long a cache in between has held the answer) decide how long the keys stay fresh.
          const cacheControl = response.headers['cache-control'];
          const age = response.headers.age;
          finish({ ok: true, text, ...(typeof cacheControl === 'string' ? { cacheControl } : {}), ...(typeof age === 'string' ? { age } : {}) });
        });
        response.on('error', (error: NodeJS.ErrnoException) => fail('network', `reading the answer from ${url.host} failed (${error.code ?? 'connection closed'}).`));
      });
      request.on('error', (error: NodeJS.ErrnoException) => fail('network', `could not reach ${url.host} (${error.code ?? 'connection failed'}).`));
    } catch (error) {
      fail('network', `could not reach ${url.host} (${(error as NodeJS.ErrnoException).code ?? 'request refused'}).`);
    }
  });
}

/** The core's issuer rules (src/core/issuers/). */
export interface IssuerFetchRules {
  discoveryUrls(issuer: string): Result<{ urls: FetchableUrl[] }>;
  readDiscovery(text: string, expectedIssuer: string): Result<{ jwksUri: FetchableUrl }>;
  readJwkSet(text: string): Result<JwkSetReading>;
  fetchableUrl(text: string): Result<{ url: FetchableUrl }>;
  freshForMs(cacheControl: string | undefined, age?: string | number): number;
}

export interface IssuerFetchDeps {
  rules: IssuerFetchRules;
  /** Asked before each request: may this host be fetched from? (The adapter confirms new hosts with the person, or, in the background, allows only confirmed ones.) */
  allow(url: FetchableUrl, what: 'discovery' | 'jwks'): Promise<boolean>;
  /** What a request is made with; fetchText by default (tests pass a stand-in). */
  get?: (url: FetchableUrl, limits: FetchLimits) => Promise<Fetched>;
  now?: () => number;
  timeoutMs?: number;
}

export type KeysFetch =
  | { ok: true; keys: IssuerKeys; notes: string[] }
  | { ok: false; message: string; declined?: boolean };

/**
 * The issuer's keys, fetched now: its JWK Set from `jwksUri` when configured, else from the `jwks_uri` of
 * its discovery document (OpenID Connect Discovery, then RFC 8414; a 404 moves to the next). The answer is
 * read by the core; anything it refuses is a failure, and nothing of it is kept.
 */
export async function fetchIssuerKeys(trusted: TrustedIssuer, deps: IssuerFetchDeps): Promise<KeysFetch> {
  const get = deps.get ?? fetchText;
  const timeoutMs = deps.timeoutMs ?? FETCH_TIMEOUT_MS;
  let jwksUrl: FetchableUrl;
  if (trusted.jwksUri !== undefined) {
    const configured = deps.rules.fetchableUrl(trusted.jwksUri);
    if (!configured.ok) return { ok: false, message: `"jwksUri": ${configured.error.message}` };
    jwksUrl = configured.url;
  } else {
    const found = await discover(trusted.issuer, deps, get, timeoutMs);
    if (!found.ok) return found;
    jwksUrl = found.jwksUrl;
  }
  if (!(await deps.allow(jwksUrl, 'jwks'))) return declined(jwksUrl);
  const fetched = await get(jwksUrl, { timeoutMs, maxBytes: JWK_SET_MAX_BYTES });
  if (!fetched.ok) return { ok: false, message: `the JWK Set at ${jwksUrl.href}: ${fetched.message}` };
  const reading = deps.rules.readJwkSet(fetched.text);
  if (!reading.ok) return { ok: false, message: `the JWK Set at ${jwksUrl.href} was refused: ${reading.error.message}` };
  if (reading.keys.length === 0) {
    const why = reading.notes.length > 0 ? ` (${reading.notes.slice(0, 3).join(' ')})` : '';
    return { ok: false, message: `the JWK Set at ${jwksUrl.href} holds no key that verifies signatures${why}.` };
  }
  const fetchedAt = (deps.now ?? Date.now)();
  const keys: IssuerKeys = { issuer: trusted.issuer, jwksUri: jwksUrl.href, keys: reading.keys, fetchedAt, freshUntil: fetchedAt + deps.rules.freshForMs(fetched.cacheControl, fetched.age) };
  return { ok: true, keys, notes: reading.notes };
}

function declined(url: FetchableUrl): { ok: false; message: string; declined: true } {
  return { ok: false, declined: true, message: `fetching from ${url.host} was not confirmed, so nothing was fetched.` };
}

async function discover(
  issuer: string,
  deps: IssuerFetchDeps,
  get: NonNullable<IssuerFetchDeps['get']>,
  timeoutMs: number,
): Promise<{ ok: true; jwksUrl: FetchableUrl } | { ok: false; message: string; declined?: boolean }> {
  const urls = deps.rules.discoveryUrls(issuer);
  if (!urls.ok) return { ok: false, message: urls.error.message };
  const missing: string[] = [];
  for (const url of urls.urls) {
    if (!(await deps.allow(url, 'discovery'))) return declined(url);
    const fetched = await get(url, { timeoutMs, maxBytes: DISCOVERY_MAX_BYTES });
    if (!fetched.ok && fetched.status === 404) {
      missing.push(url.href);
      continue;
    }
    if (!fetched.ok) return { ok: false, message: `the discovery document at ${url.href}: ${fetched.message}` };
    const read = deps.rules.readDiscovery(fetched.text, issuer);
    if (!read.ok) return { ok: false, message: `the discovery document at ${url.href} was refused: ${read.error.message}` };
    return { ok: true, jwksUrl: read.jwksUri };
  }
  return {
    ok: false,
    message: `no discovery document: ${missing.join(' and ')} ${missing.length === 1 ? 'answers' : 'answer'} 404. Set "jwksUri" for this issuer in jwtStudio.trustedIssuers to the address of its JWK Set.`,
  };
}
