// Which URLs JWT Studio may fetch for an issuer, read as a browser reads them.
import type { Result } from '../base/types';
import type { FetchableUrl } from './issuers';

/**
 * An issuer identifier a person typed or a setting holds: an absolute `https:` URL (or `http:` to a loopback
 * host), no user info, query or fragment, at most 2048 characters. The string is kept as given: `iss` is
 * compared with it exactly.
 */
export function parseIssuer(text: string): Result<{ issuer: string; url: FetchableUrl }> {
  void text;
  return { ok: false, error: { code: 'INTERNAL', message: 'not implemented' } };
}

/** A URL a discovery document or a setting names (`jwks_uri`): the same rules, fragments refused. */
export function fetchableUrl(text: string): Result<{ url: FetchableUrl }> {
  void text;
  return { ok: false, error: { code: 'INTERNAL', message: 'not implemented' } };
}
