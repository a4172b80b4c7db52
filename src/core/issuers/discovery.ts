// Discovery documents: OpenID Connect Discovery 1.0 §4 and RFC 8414 §3.
import type { Result } from '../base/types';
import type { FetchableUrl } from './issuers';

/**
 * Where an issuer's metadata lives, in the order to try: `<issuer>/.well-known/openid-configuration`
 * (a trailing `/` of the issuer dropped first), then RFC 8414's `/.well-known/oauth-authorization-server`
 * inserted between the host and the issuer's path.
 */
export function discoveryUrls(issuer: string): Result<{ urls: FetchableUrl[] }> {
  void issuer;
  return { ok: false, error: { code: 'INTERNAL', message: 'not implemented' } };
}

/** A fetched discovery document: bounded strict JSON, `issuer` equal to `expectedIssuer` exactly, a fetchable `jwks_uri`. */
export function readDiscovery(text: string, expectedIssuer: string): Result<{ jwksUri: FetchableUrl }> {
  void text;
  void expectedIssuer;
  return { ok: false, error: { code: 'INTERNAL', message: 'not implemented' } };
}
