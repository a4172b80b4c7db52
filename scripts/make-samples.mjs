// Writes the demo workspace under samples/ with real tokens: signed with
// throwaway keys made here, so the signatures are genuine and the expired /
// unsigned / encrypted cases are what they claim to be. Private keys are never
// written; only the public halves land in samples/keys/ so a reader can import
// them and see verification succeed. Times are fixed so regenerating changes
// only the RSA/EC signatures and keys.
//
//   node scripts/make-samples.mjs
import { CompactEncrypt, SignJWT, UnsecuredJWT, exportSPKI, generateKeyPair } from 'jose';
import { mkdirSync, writeFileSync } from 'node:fs';
import { TextEncoder } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const samples = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'samples');

// Demo-only secrets, also listed in samples/README.md. Nothing real uses them.
export const demoSecrets = {
  metabase: 'deadbeef'.repeat(8),
  zendesk: 'demo-zendesk-shared-secret-not-for-production',
  canny: 'demo-canny-private-sso-key',
  internalApi: 'demo-internal-api-secret',
};

const at = (iso) => Math.floor(Date.parse(iso) / 1000);
const STILL_VALID_UNTIL = at('2030-01-01T00:00:00Z');
const ISSUED = at('2026-01-15T09:30:00Z');
const LONG_AGO = at('2025-03-02T14:05:00Z');
const utf8 = (text) => new TextEncoder().encode(text);

async function hs256(payload, secret, header = {}) {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...header }).sign(utf8(secret));
}

async function main() {
  const activepiecesKey = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const frameableKey = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const grafanaKey = await generateKeyPair('ES256', { extractable: true });
  const partnerKey = await generateKeyPair('RSA-OAEP-256', { modulusLength: 2048, extractable: true });

  const activepiecesClaims = {
    version: 'v3',
    externalUserId: 'user_42',
    externalProjectId: 'team_7',
    firstName: 'Ada',
    lastName: 'Lovelace',
    role: 'EDITOR',
    piecesFilterType: 'NONE',
  };
  const activepiecesValid = await new SignJWT(activepiecesClaims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'ap-demo-2026' })
    .setIssuedAt(ISSUED)
    .setExpirationTime(STILL_VALID_UNTIL)
    .sign(activepiecesKey.privateKey);
  const activepiecesExpired = await new SignJWT({ ...activepiecesClaims, externalUserId: 'user_17', firstName: 'Grace', lastName: 'Hopper', role: 'VIEWER' })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'ap-demo-2026' })
    .setIssuedAt(LONG_AGO)
    .setExpirationTime(LONG_AGO + 3600)
    .sign(activepiecesKey.privateKey);

  const metabaseEmbed = await hs256({ resource: { dashboard: 7 }, params: { region: ['EMEA'] }, exp: STILL_VALID_UNTIL }, demoSecrets.metabase);

  const zendesk = await hs256(
    { iat: ISSUED, jti: 'c0ffee00-5a1e-4d2b-9e7f-000000000042', name: 'Ada Lovelace', email: 'ada@example.com', external_id: 'user_42' },
    demoSecrets.zendesk,
  );
  const canny = await hs256(
    { email: 'ada@example.com', id: 'user_42', name: 'Ada Lovelace', avatarURL: 'https://example.com/ada.png', exp: STILL_VALID_UNTIL },
    demoSecrets.canny,
  );

  const grafana = await new SignJWT({ sub: 'ada@example.com', name: 'Ada Lovelace', role: 'Viewer', iss: 'https://auth.example.com' })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'grafana-kiosk' })
    .setIssuedAt(ISSUED)
    .setExpirationTime(STILL_VALID_UNTIL)
    .sign(grafanaKey.privateKey);

  // Frameable asks for ~300 s tokens: this one was minted long ago and is dead.
  const frameableExpired = await new SignJWT({ displayName: 'Ada Lovelace', email: 'ada@example.com', roles: ['presenter'] })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuedAt(LONG_AGO)
    .setExpirationTime(LONG_AGO + 300)
    .sign(frameableKey.privateKey);

  const internalExpired = await hs256(
    { sub: 'svc-billing', scope: 'invoices:read', iss: 'https://auth.example.com', aud: 'api.example.com', iat: LONG_AGO, exp: LONG_AGO + 900 },
    demoSecrets.internalApi,
  );

  // alg "none": no signature at all; a server that accepts this is broken.
  const unsigned = new UnsecuredJWT({ sub: 'admin', role: 'ADMIN', iss: 'https://auth.example.com' })
    .setIssuedAt(ISSUED)
    .setExpirationTime(STILL_VALID_UNTIL)
    .encode();

  // Encrypted to a partner's public key; the private half is gone, so only the
  // header can be read, as with a real JWE meant for someone else.
  const partnerJwe = await new CompactEncrypt(utf8(JSON.stringify({ sub: 'user_42', email: 'ada@example.com', plan: 'enterprise', exp: STILL_VALID_UNTIL })))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'partner-enc-2026', cty: 'JSON' })
    .encrypt(partnerKey.publicKey);

  const write = (relative, text) => {
    const file = join(samples, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`wrote samples/${relative}`);
  };

  write('keys/activepieces-signing.pub.pem', await exportSPKI(activepiecesKey.publicKey));
  write('keys/frameable-events.pub.pem', await exportSPKI(frameableKey.publicKey));
  write('keys/grafana-kiosk.pub.pem', await exportSPKI(grafanaKey.publicKey));
  write('keys/partner-encryption.pub.pem', await exportSPKI(partnerKey.publicKey));

  write('src/activepieces-embed.ts', `// Embeds the Activepieces builder for a signed-in customer.
// The server mints a short-lived RS256 token with the signing key registered in
// Activepieces (Platform Settings → Signing Keys) and hands it to the embed SDK.

interface Env {
  ACTIVEPIECES_INSTANCE_URL: string;
  ACTIVEPIECES_SIGNING_KEY_ID: string;
  /** PKCS#8 PEM of the signing key; kept in the secret store, never in the repo. */
  ACTIVEPIECES_SIGNING_KEY: string;
}

interface Customer {
  id: string;
  teamId: string;
  firstName: string;
  lastName: string;
  canEdit: boolean;
}

// Captured from staging while chasing the blank-iframe bug; hover it to see the claims.
export const STAGING_PREVIEW_TOKEN = '${activepiecesValid}';

// The one the support ticket came with: it stopped working long ago.
export const TICKET_4711_TOKEN = '${activepiecesExpired}';

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');

const json = (value: unknown): string => base64url(new TextEncoder().encode(JSON.stringify(value)));

async function importSigningKey(pem: string): Promise<CryptoKey> {
  const body = pem.replace(/-----[^-]+-----/g, '').replace(/\\s+/g, '');
  const der = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  return crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
}

export async function mintActivepiecesToken(customer: Customer, env: Env): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: env.ACTIVEPIECES_SIGNING_KEY_ID };
  const claims = {
    version: 'v3',
    externalUserId: customer.id,
    externalProjectId: customer.teamId,
    firstName: customer.firstName,
    lastName: customer.lastName,
    role: customer.canEdit ? 'EDITOR' : 'VIEWER',
    piecesFilterType: 'NONE',
    iat: now,
    exp: now + 60 * 60,
  };
  const signingInput = \`\${json(header)}.\${json(claims)}\`;
  const key = await importSigningKey(env.ACTIVEPIECES_SIGNING_KEY);
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, new TextEncoder().encode(signingInput));
  return \`\${signingInput}.\${base64url(new Uint8Array(signature))}\`;
}

export async function handleEmbed(request: Request, env: Env, customer: Customer): Promise<Response> {
  const token = new URL(request.url).searchParams.get('preview') === 'staging'
    ? STAGING_PREVIEW_TOKEN
    : await mintActivepiecesToken(customer, env);
  return Response.json({ instanceUrl: env.ACTIVEPIECES_INSTANCE_URL, jwtToken: token, prefix: '/automations' });
}
`);

  write('app.py', `"""Metabase static embedding: the server signs the dashboard URL for a user's region."""
import os
import time

import jwt  # PyJWT

METABASE_SITE_URL = os.environ.get("METABASE_SITE_URL", "https://metabase.example.com")
# Demo secret from samples/README.md; production reads it from the secret store.
METABASE_SECRET_KEY = os.environ.get("METABASE_SECRET_KEY", "${demoSecrets.metabase}")

# What the signed URL looked like when the dashboard was first embedded.
EXAMPLE_EMBED_URL = (
    "https://metabase.example.com/embed/dashboard/"
    "${metabaseEmbed}"
    "#bordered=true&titled=true"
)


def dashboard_url(dashboard_id: int, region: str) -> str:
    payload = {
        "resource": {"dashboard": dashboard_id},
        "params": {"region": [region]},
        "exp": round(time.time()) + 10 * 60,
    }
    token = jwt.encode(payload, METABASE_SECRET_KEY, algorithm="HS256")
    return f"{METABASE_SITE_URL}/embed/dashboard/{token}#bordered=true&titled=true"


if __name__ == "__main__":
    print(dashboard_url(7, "EMEA"))
`);

  write('config.json', `${JSON.stringify(
    {
      grafana: {
        kioskUrl: `https://grafana.example.com/d/ops-overview/ops?orgId=1&kiosk&auth_token=${grafana}`,
        publicKey: 'keys/grafana-kiosk.pub.pem',
      },
      frameable: {
        eventUrl: `https://acme.frameable.com/events/launch-week?token=${frameableExpired}`,
        publicKey: 'keys/frameable-events.pub.pem',
      },
      partner: {
        note: 'Encrypted to the partner; only they can read the claims.',
        assertion: partnerJwe,
      },
    },
    null,
    2,
  )}\n`);

  write('.env', `# Local development settings (demo values only).
ZENDESK_SUBDOMAIN=acme
ZENDESK_JWT_SECRET=${demoSecrets.zendesk}
# Paste into https://acme.zendesk.com/access/jwt?jwt=... to test SSO by hand.
ZENDESK_TEST_JWT=${zendesk}
CANNY_PRIVATE_KEY=${demoSecrets.canny}
CANNY_SSO_TOKEN=${canny}
`);

  write('logs/server.log', [
    `2026-11-20T08:14:02.118Z INFO  GET /embed/automations 200 31ms user=user_42 Authorization: Bearer ${activepiecesValid}`,
    `2026-11-20T08:15:40.502Z WARN  GET /api/invoices 401 4ms reason="jwt expired" Authorization: Bearer ${internalExpired}`,
    `2026-11-20T08:16:11.930Z ERROR GET /api/admin/users 403 2ms reason="unsigned token rejected" Authorization: Bearer ${unsigned}`,
    `2026-11-20T08:17:55.004Z INFO  POST /partner/callback 202 12ms X-Partner-Assertion: ${partnerJwe}`,
    `2026-11-20T08:19:23.771Z WARN  GET /embed/automations 401 3ms user=user_17 reason="token expired" Authorization: Bearer ${activepiecesExpired}`,
    '',
  ].join('\n'));
}

await main();
