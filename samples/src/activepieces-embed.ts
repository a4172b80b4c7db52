// Embeds the Activepieces builder for a signed-in customer.
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
export const STAGING_PREVIEW_TOKEN = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImFwLWRlbW8tMjAyNiJ9.eyJ2ZXJzaW9uIjoidjMiLCJleHRlcm5hbFVzZXJJZCI6InVzZXJfNDIiLCJleHRlcm5hbFByb2plY3RJZCI6InRlYW1fNyIsImZpcnN0TmFtZSI6IkFkYSIsImxhc3ROYW1lIjoiTG92ZWxhY2UiLCJyb2xlIjoiRURJVE9SIiwicGllY2VzRmlsdGVyVHlwZSI6Ik5PTkUiLCJpYXQiOjE3Njg0Njk0MDAsImV4cCI6MTg5MzQ1NjAwMH0.CZtS-0_70LHzamkxw1OkDyHRqib9pIC4RY4IBluQ9G5UvSxUdIQhID86g_hS8PXmyCLpKOO__69ah50qXwJjc23M78NPWG2KqRBRbsebeVA3gmAtyGMFcBJ27gtEapAq6iL5RZUmRkP6R-odYXKSuGNtCg91_7AQMPd-yb9ialrx0UfIb3c1HwlkbQCHbYirDkgPogc-TKpztKKWeiuS0slAg2pHJhIhPkAIR2loCT04W-bmcwDegjp-81cMrwMJfp8Y9vsYA0BGfZDuuyxPlmIUoojTqXylpuVWivt1HmxOqOe60Z6zVhqdQTPOGfGvIGkH81Zlcr0M8wwSaKai4Q';

// The one the support ticket came with: it stopped working long ago.
export const TICKET_4711_TOKEN = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImFwLWRlbW8tMjAyNiJ9.eyJ2ZXJzaW9uIjoidjMiLCJleHRlcm5hbFVzZXJJZCI6InVzZXJfMTciLCJleHRlcm5hbFByb2plY3RJZCI6InRlYW1fNyIsImZpcnN0TmFtZSI6IkdyYWNlIiwibGFzdE5hbWUiOiJIb3BwZXIiLCJyb2xlIjoiVklFV0VSIiwicGllY2VzRmlsdGVyVHlwZSI6Ik5PTkUiLCJpYXQiOjE3NDA5MjQzMDAsImV4cCI6MTc0MDkyNzkwMH0.AvASvUMIEP65Rp8JoQFe4Ow4R6TVEozvHHdruoHt65kaTpSKP8P01TFDBEkYWY2lOAGK1tYXugY8Jb8sBed_fM6b-x7SZSgWCcoR_TNntI1qA4qKwoRkUMuIMGY1hKixGwbxcMhxeq4H0FMitc_OB_y-35NsFvMlYikmPyn82B6yhZFpcXs_A9lRb2WH9hMlZjCXyTML8PUmEHLG3ikS9BwZouoD1_g1x2YaSCTgQR7_71FlAOI7yRwq7w6p4WCB5Oc7Zr12J1i9eNKQYqfLgrK_Tkf35rPix4Ao5hRcclhuB1yN3MduIZpgOjJ5uL1fL-ITkZr7wZTuu4q3fyDudw';

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const json = (value: unknown): string => base64url(new TextEncoder().encode(JSON.stringify(value)));

async function importSigningKey(pem: string): Promise<CryptoKey> {
  const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
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
  const signingInput = `${json(header)}.${json(claims)}`;
  const key = await importSigningKey(env.ACTIVEPIECES_SIGNING_KEY);
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, new TextEncoder().encode(signingInput));
  return `${signingInput}.${base64url(new Uint8Array(signature))}`;
}

export async function handleEmbed(request: Request, env: Env, customer: Customer): Promise<Response> {
  const token = new URL(request.url).searchParams.get('preview') === 'staging'
    ? STAGING_PREVIEW_TOKEN
    : await mintActivepiecesToken(customer, env);
  return Response.json({ instanceUrl: env.ACTIVEPIECES_INSTANCE_URL, jwtToken: token, prefix: '/automations' });
}
