// mint's plan against the core: for every built-in preset, and for profiles
// that switch the generated claims on and off, the plan's signing input for a
// time and a jti is the one prepareSignature gives for buildTokenRequest at that
// time with that jti, and its tokens, signed with node:crypto, equal signToken's
// byte for byte (HS256, RS256). Where the core's request changes per token in a
// way the template cannot follow, the plan hands every token to the core.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { buildTokenRequest, checkPreset, importKey, listPresets, newProfileTemplate, parseProfile } from '../../src/core/index';
import type { KeyMaterial, Preset, Profile } from '../../src/core/index';
import { prepareSignature, signToken } from '../../src/core/jose/sign';
import { planTokens } from '../../src/cli/mintPlan';
import type { TokenPlan } from '../../src/cli/mintPlan';
import { nodeSigner } from '../../src/cli/nodeSigner';
import { keyPair } from '../keyPairs';

const T0 = Date.UTC(2026, 2, 3, 4, 5, 6, 700);
/** Times within one second, across seconds, and a day later: the template caches a second's times. */
const TIMES = [T0, T0 + 1, T0 + 299, T0 + 300, T0 + 1300, T0 + 1301, T0 + 86_400_000, T0 + 86_400_000 + 5];

const keys = new Map<string, KeyMaterial>();

before(async () => {
  const rsaPem = keyPair('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const rsa = await importKey(rsaPem, { alg: 'RS256', kid: 'rsa-kid' });
  const hs = await importKey('a shared secret of more than thirty-two bytes, as text', { alg: 'HS256', kid: 'hs-kid' });
  if (!rsa.ok || !hs.ok) assert.fail('keys');
  keys.set('RS256', rsa.keys[0] as KeyMaterial);
  keys.set('HS256', hs.keys[0] as KeyMaterial);
});

function profileOf(text: string, key: KeyMaterial, presets?: Preset[]): { profile: Profile; preset: Preset } {
  const parse = parseProfile(text, { keys: [{ id: 'k1', alg: key.alg, use: key.use, kty: key.kty, hasPrivate: true, kid: key.kid, kidGiven: true }], ...(presets ? { presets } : {}) });
  assert.deepEqual(parse.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], text);
  assert.ok(parse.preset, text);
  return { profile: parse.profile, preset: parse.preset };
}

/** A counter of jti values, the same sequence for the plan and for the core. */
function ids(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}-${(n++).toString().padStart(4, '0')}`;
}

function planFor(profile: Profile, preset: Preset, key: KeyMaterial): TokenPlan {
  const planned = planTokens(profile, preset, key, T0);
  if (!planned.ok) assert.fail(planned.error.message);
  return planned.plan;
}

async function assertSameAsCore(profile: Profile, preset: Preset, key: KeyMaterial, plan: TokenPlan): Promise<void> {
  const made = await nodeSigner(key);
  if (!made.ok) assert.fail(made.error.message);
  const ours = ids('jti');
  const theirs = ids('jti');
  for (const now of TIMES) {
    const input = plan.input(now, ours);
    const request = buildTokenRequest(profile, preset, now, theirs);
    if (!request.ok) assert.fail(request.error.message);
    const prepared = prepareSignature({ key, ...request.sign });
    if (!prepared.ok) assert.fail(prepared.error.message);
    assert.equal(input, prepared.signingInput, `at ${now}`);
    const signed = await signToken({ key, ...request.sign });
    if (!signed.ok) assert.fail(signed.error.message);
    assert.equal(made.signer.token(input), signed.token, `at ${now}`);
  }
}

describe('mint plan', () => {
  for (const preset of listPresets()) {
    const alg = preset.alg.allowed.includes('RS256') ? 'RS256' : 'HS256';
    test(`${preset.id} (${alg}): only times and jti change per token, and every token equals the core's`, async () => {
      const key = keys.get(alg) as KeyMaterial;
      const { profile, preset: parsedPreset } = profileOf(newProfileTemplate(preset, 'k1'), key);
      const plan = planFor(profile, parsedPreset, key);
      assert.equal(plan.kind, 'template');
      await assertSameAsCore(profile, parsedPreset, key, plan);
    });
  }

  const generic = (extra: string): string => `preset: generic\nkey: k1\nttl: 10m\n${extra}claims:\n  sub: user_42\n  iss: https://auth.example.com\n  aud: [a, b]\n`;
  const variants: Record<string, string> = {
    'every generated claim on': 'registered:\n  iat: true\n  nbf: true\n  exp: true\n  jti: true\n',
    'every generated claim off': 'registered:\n  iat: false\n  nbf: false\n  exp: false\n  jti: false\n',
    'a jti written in the profile (the same in every token)': 'registered:\n  jti: true\n',
    'a header kid and member': 'header:\n  kid: vendor-1\n  x_tenant: acme\n',
  };
  for (const [name, extra] of Object.entries(variants)) {
    test(`generic, ${name}: equal to the core`, async () => {
      const key = keys.get('HS256') as KeyMaterial;
      const text = name.startsWith('a jti written') ? generic(extra).replace('  sub: user_42\n', '  sub: user_42\n  jti: fixed-id\n') : generic(extra);
      const { profile, preset } = profileOf(text, key);
      const plan = planFor(profile, preset, key);
      assert.equal(plan.kind, 'template');
      await assertSameAsCore(profile, preset, key, plan);
    });
  }

  test('a claim the profile sets to the value a generated one would have stays fixed', async () => {
    const key = keys.get('HS256') as KeyMaterial;
    const seconds = Math.floor(T0 / 1000);
    const { profile, preset } = profileOf(generic('registered:\n  iat: false\n').replace('  sub: user_42\n', `  sub: user_42\n  since: ${seconds}\n`), key);
    const plan = planFor(profile, preset, key);
    await assertSameAsCore(profile, preset, key, plan);
    const claims = JSON.parse(Buffer.from(plan.input(T0 + 86_400_000, ids('x')).split('.')[1] as string, 'base64url').toString('utf8'));
    assert.equal(claims.since, seconds);
  });

  test('a preset whose header takes a member from jti: every token from the core, still equal', async () => {
    const tableau = listPresets().find((p) => p.id === 'tableau') as Preset;
    const mine = { ...tableau, id: 'mine', name: 'Mine', header: { ...tableau.header, members: { ...tableau.header?.members, tid: { fromClaim: 'jti', description: 'The token id again.' } } } };
    const checked = checkPreset(JSON.stringify(mine, null, 2), 'mine.yaml');
    assert.deepEqual(checked.diagnostics, []);
    const key = keys.get('HS256') as KeyMaterial;
    const { profile, preset } = profileOf(newProfileTemplate(checked.preset as Preset, 'k1'), key, listPresets([checked.preset as Preset]));
    const plan = planFor(profile, preset, key);
    assert.equal(plan.kind, 'core');
    await assertSameAsCore(profile, preset, key, plan);
  });

  test('refuses what the core refuses: a lifetime over the preset maximum', () => {
    const key = keys.get('HS256') as KeyMaterial;
    const tableau = listPresets().find((p) => p.id === 'tableau') as Preset;
    const parse = parseProfile(newProfileTemplate(tableau, 'k1').replace(/^ttl: .*$/m, 'ttl: 1h'), {});
    const planned = planTokens(parse.profile, tableau, key, T0);
    assert.equal(planned.ok, false);
    if (!planned.ok) assert.match(planned.error.message, /accepts at most 10m; lower .ttl./);
  });
});
