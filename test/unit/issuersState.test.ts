// Trusted issuers: one function (issuerSignatureState) turns a verifyWithIssuer verdict into the state
// hover, hints and diagnostics word, so none of them weighs a failed iss or aud check, or a key that
// did not match, on its own. And the words: the issuer's keys were asked, not the ring; a look-alike
// host is shown with the host the request goes to.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { classifyToken, decodeToken, describeTokenTimes, hoverBlocks, issuerSignatureState, signatureWords, verifyWithIssuer } from '../../src/core/index';
import type { HoverBlock, IssuerKeys, IssuerVerdict, SignatureState, TrustedIssuer } from '../../src/core/index';
import { keyPair, type KeyPair } from '../keyPairs';
import { ISSUER, NOW, claims, issuerKeys, jwk, sign } from './issuerBuild';
import { digest, disclosure, present } from './sdJwtBuild';

const trusted: TrustedIssuer = { issuer: ISSUER, audiences: ['api://orders'] };
const FETCHED = { url: ISSUER, fetchedAt: NOW - 60_000 };
let rsa: KeyPair;
let ec: KeyPair;
let keys: IssuerKeys;

before(() => {
  rsa = keyPair('rsa', { modulusLength: 2048 });
  ec = keyPair('ec', { namedCurve: 'P-256' });
  keys = issuerKeys(jwk(rsa, { kid: 'r1' }), jwk(ec, { kid: 'e1', alg: 'ES256' }));
});

async function stateOf(token: string, issuer: TrustedIssuer = trusted, cached: IssuerKeys = keys): Promise<SignatureState> {
  return issuerSignatureState(await verifyWithIssuer(token, issuer, cached, { now: NOW }), issuer, cached);
}

/** The hover's lines up to the header, as "icon text". */
function hoverLines(token: string, signature: SignatureState, extras: Record<string, unknown> = {}): string[] {
  const decoded = decodeToken(token);
  if (!decoded.ok) assert.fail(decoded.error.message);
  const blocks: HoverBlock[] = hoverBlocks(decoded.token, describeTokenTimes(decoded.token, NOW), { signature, ...extras }, NOW);
  const end = blocks.findIndex((b) => b.kind === 'heading');
  return blocks.slice(0, end).flatMap((b) => (b.kind === 'line' ? [`${b.icon ?? '-'} ${b.text}`] : []));
}

describe('issuerSignatureState', () => {
  test('verified by the issuer: the key by kid, the fetch time, no claims problems; the hover passes', async () => {
    const token = await sign({ alg: 'RS256', kid: 'r1' }, claims(), rsa.privateKey);
    const state = await stateOf(token);
    assert.deepEqual(state, { status: 'verified', key: 'kid r1', issuer: { ...FETCHED, claimProblems: [] } });
    assert.ok(hoverLines(token, state).includes(`pass Signature verified by issuer ${ISSUER} (kid r1, keys fetched 1 min ago)`));
    assert.equal(signatureWords(state), '✓ issuer idp.example.com');
    const decoded = decodeToken(token);
    assert.ok(decoded.ok);
    assert.equal(classifyToken(decoded.token, describeTokenTimes(decoded.token, NOW), state, { reportExpired: true, maxLifetimeSeconds: 0, now: NOW })[0]?.code, 'live-credential');
  });

  test('bad-audience and bad-issuer are claims problems naming both values; the hover warns and hints say ✗ claims', async () => {
    const wrongAud = await sign({ alg: 'RS256', kid: 'r1' }, claims({ aud: 'api://x' }), rsa.privateKey);
    const state = await stateOf(wrongAud);
    assert.equal(state.status, 'verified');
    assert.deepEqual(state.status === 'verified' && state.issuer?.claimProblems, [`aud is 'api://x', not the audience set for '${ISSUER}' ('api://orders').`]);
    const lines = hoverLines(wrongAud, state);
    assert.ok(lines.includes(`warning Signature verified by issuer ${ISSUER} (kid r1, keys fetched 1 min ago)`), lines.join('\n'));
    assert.ok(lines.includes(`error aud is 'api://x', not the audience set for '${ISSUER}' ('api://orders').`));
    assert.ok(!lines.some((l) => l.startsWith('pass')));
    assert.equal(signatureWords(state), '✗ claims (idp.example.com)');

    const notClaims = await stateOf(await sign({ alg: 'RS256', kid: 'r1' }, '"not an object"', rsa.privateKey));
    assert.deepEqual(notClaims.status === 'verified' && notClaims.issuer?.claimProblems, [`The token's payload is not a claims set, so it does not say it is from '${ISSUER}' (it has no iss).`]);
    const badSetting = await stateOf(await sign({ alg: 'RS256', kid: 'r1' }, claims(), rsa.privateKey), { issuer: ISSUER, audiences: 'api://orders' as unknown as string[] });
    assert.match((badSetting.status === 'verified' && badSetting.issuer?.claimProblems[0]) || '', /so no token can match them/);
  });

  test('exp does not count against the issuer: the time lines and the expiry diagnostic say it for every token', async () => {
    const expired = await sign({ alg: 'RS256', kid: 'r1' }, claims({ iat: NOW / 1000 - 7200, exp: NOW / 1000 - 3600 }), rsa.privateKey);
    const state = await stateOf(expired);
    assert.deepEqual(state, { status: 'verified', key: 'kid r1', issuer: { ...FETCHED, claimProblems: [] } });
    const lines = hoverLines(expired, state);
    assert.ok(lines.some((l) => /^- exp: expired 1 h ago/.test(l)), lines.join('\n'));
    const decoded = decodeToken(expired);
    assert.ok(decoded.ok);
    assert.deepEqual(classifyToken(decoded.token, describeTokenTimes(decoded.token, NOW), state, { reportExpired: true, maxLifetimeSeconds: 0, now: NOW }).map((i) => i.code), ['expired']);
  });

  test('invalid with the key its kid chose: the issuer\'s key did not verify it', async () => {
    const other = keyPair('rsa', { modulusLength: 2048 });
    const forged = await sign({ alg: 'RS256', kid: 'r1' }, claims(), other.privateKey);
    const state = await stateOf(forged);
    assert.deepEqual(state, { status: 'invalid', detail: `the key with kid 'r1' of issuer ${ISSUER} does not verify it: the token was changed after it was signed, or signed with another key` });
    assert.ok(hoverLines(forged, state).includes(`error Signature invalid: the key with kid 'r1' of issuer ${ISSUER} does not verify it: the token was changed after it was signed, or signed with another key`));
    assert.equal(signatureWords(state), '✗ bad signature');
    // The kid's key is for another algorithm.
    const es = await stateOf(await sign({ alg: 'PS256', kid: 'e1' }, claims(), rsa.privateKey));
    assert.deepEqual(es, { status: 'invalid', detail: `the key with kid 'e1' of issuer ${ISSUER} is for ES256, not the token's algorithm, so it does not verify it` });
  });

  test('no key of the issuer matches: its keys were asked, not the ring', async () => {
    const rotated = await sign({ alg: 'ES256', kid: 'e9' }, claims(), keyPair('ec', { namedCurve: 'P-256' }).privateKey);
    const state = await stateOf(rotated);
    assert.deepEqual(state, { status: 'no-matching-key', issuer: FETCHED });
    const lines = hoverLines(rotated, state);
    assert.ok(lines.includes(`info Signature not checked: no key of issuer ${ISSUER} matches (kid 'e9', keys fetched 1 min ago)`), lines.join('\n'));
    assert.ok(!lines.some((l) => l.includes('key ring')));
    assert.equal(signatureWords(state), 'no issuer key');
    // Keys tried only for sharing the algorithm (an unknown kid) say no more than "not one of the issuer's".
    const byAlg = await stateOf(await sign({ alg: 'RS256', kid: 'unknown' }, claims(), keyPair('rsa', { modulusLength: 2048 }).privateKey));
    assert.deepEqual(byAlg, { status: 'no-matching-key', issuer: FETCHED });
    const noKid = await sign({ alg: 'ES384' }, claims(), keyPair('ec', { namedCurve: 'P-384' }).privateKey);
    const none = await stateOf(noKid);
    assert.ok(hoverLines(noKid, none).includes(`info Signature not checked: no key of issuer ${ISSUER} matches (the token has no kid, keys fetched 1 min ago)`));
    const decoded = decodeToken(rotated);
    assert.ok(decoded.ok);
    assert.deepEqual(classifyToken(decoded.token, describeTokenTimes(decoded.token, NOW), state, { reportExpired: true, maxLifetimeSeconds: 0, now: NOW }), []);
  });

  test('unsigned, unsupported and SD-JWTs whose presentation does not hold', async () => {
    const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
    assert.deepEqual(await stateOf(`${b64({ alg: 'none' })}.${b64(claims())}.`), { status: 'unsigned' });
    // Refused before any key is tried, so the signature need not be real.
    const crit = await stateOf(`${b64({ alg: 'RS256', kid: 'r1', crit: ['exp'], exp: 1 })}.${b64(claims())}.c2ln`);
    assert.equal(crit.status, 'unsupported');
    assert.match((crit.status === 'unsupported' && crit.detail) || '', /Critical extension not understood/);

    const given = disclosure('2GLC42sKQveCfGfryNRN9w', 'given_name', 'John');
    const stray = disclosure('c2FsdA', 'family_name', 'Doe');
    const jwt = await sign({ alg: 'ES256', kid: 'e1', typ: 'dc+sd-jwt' }, claims({ _sd: [digest(given)], _sd_alg: 'sha-256' }), ec.privateKey);
    assert.deepEqual(await stateOf(present(jwt, [given])), { status: 'verified', key: 'kid e1', issuer: { ...FETCHED, claimProblems: [] } });
    const broken = await stateOf(present(jwt, [given, stray]));
    assert.equal(broken.status, 'not-intact');
    assert.ok(broken.status === 'not-intact' && broken.key === 'kid e1' && broken.issuer?.url === ISSUER && broken.detail.length > 0, JSON.stringify(broken));
  });

  test('a key namer of the caller\'s, and verdicts that are not one', async () => {
    const verdict = await verifyWithIssuer(await sign({ alg: 'RS256', kid: 'r1' }, claims(), rsa.privateKey), trusted, keys, { now: NOW });
    assert.equal((issuerSignatureState(verdict, trusted, keys, (k) => `${k.alg} key ${k.kid}`) as { key: string }).key, 'RS256 key r1');
    for (const junk of [undefined, null, {}, { report: 'x' }, { report: { signature: 'who knows' } }]) {
      assert.deepEqual(issuerSignatureState(junk as unknown as IssuerVerdict, trusted, keys), { status: 'no-matching-key', issuer: FETCHED });
    }
    const unknownTime = issuerSignatureState(verdict, trusted, {} as IssuerKeys);
    assert.ok(unknownTime.status === 'verified' && Number.isNaN(unknownTime.issuer?.fetchedAt));
  });
});

describe('issuer URLs on hover: the host the request goes to, when it is not the host as written', () => {
  const LOOKALIKE = 'https://\u0430pple.com';

  test('a look-alike in another script, a percent-encoded host and an IPv4 written oddly', () => {
    const token = `${Buffer.from('{"alg":"RS256","kid":"r1"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: LOOKALIKE })).toString('base64url')}.c2ln`;
    const verified: SignatureState = { status: 'verified', key: 'kid r1', issuer: { url: LOOKALIKE, fetchedAt: NOW - 60_000, claimProblems: [] } };
    assert.ok(hoverLines(token, verified).includes(`pass Signature verified by issuer ${LOOKALIKE} (host xn--pple-43d.com) (kid r1, keys fetched 1 min ago)`));
    assert.ok(hoverLines(token, { status: 'no-matching-key' }, { issuerOffer: LOOKALIKE }).includes(`info Issued by ${LOOKALIKE} (host xn--pple-43d.com), an issuer you have not trusted: its keys are fetched only if you trust it.`));
    assert.ok(hoverLines(token, { status: 'no-matching-key', issuer: { url: LOOKALIKE, fetchedAt: NOW } }).includes(`info Signature not checked: no key of issuer ${LOOKALIKE} (host xn--pple-43d.com) matches (kid 'r1', keys fetched just now)`));
    const decoded = decodeToken(token);
    assert.ok(decoded.ok);
    assert.match(classifyToken(decoded.token, undefined, verified, { reportExpired: true, maxLifetimeSeconds: 0, now: NOW })[0]?.message ?? '', /verified by issuer https:\/\/\u0430pple\.com \(host xn--pple-43d\.com\) \(kid r1\)/);
    for (const [url, host] of [['https://%65vil.com/x', 'evil.com'], ['https://0x7f.1/', '127.0.0.1'], ['https://ex\uFF41mple.com/', 'example.com']] as const) {
      const lines = hoverLines(token, { status: 'no-matching-key' }, { issuerOffer: url });
      assert.ok(lines.some((l) => l.startsWith(`info Issued by ${url} (host ${host}), `)), `${url}\n${lines.join('\n')}`);
    }
  });

  test('no note when the host is as written, apart from case and a default port', () => {
    const token = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.c2ln`;
    for (const url of [ISSUER, 'https://IDP.Example.com/x', 'https://idp.example.com:443/', 'https://idp.example.com:8443/x', 'http://[::1]:8080/', 'not a url', `https://${'a'.repeat(3000)}.com`]) {
      const lines = hoverLines(token, { status: 'no-matching-key' }, { issuerOffer: url });
      assert.ok(lines.some((l) => l.startsWith('info Issued by ')) && !lines.some((l) => l.includes('(host ')), `${url}\n${lines.join('\n')}`);
    }
  });
});
