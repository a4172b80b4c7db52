// Interop with an independent SD-JWT implementation, the OpenWallet
// Foundation's sd-jwt-js (@sd-jwt/core with @sd-jwt/crypto-nodejs, test
// dependencies only): presentations it issues and presents, with nested,
// array and decoy digests and a key-binding JWT, decode and verify here with
// the same processed claims it computes; a disclosure it would not accept is
// flagged here; and the RFC 9901 fixtures verify there as they do here.
// Skipped, saying why, when the packages are not installed.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { decodeToken, importKey, verifySdJwt } from '../../src/core/index';
import type { KeyMaterial } from '../../src/core/index';
import { readJson } from '../conformance/conformanceFiles';

const PACKAGES = ['@sd-jwt/core', '@sd-jwt/crypto-nodejs'];
const localRequire = createRequire(__filename);
const missing = PACKAGES.filter((name) => {
  try {
    localRequire.resolve(name);
    return false;
  } catch {
    return true;
  }
});
const skip = missing.length > 0 ? `${missing.join(' and ')} not installed: npm install --save-dev @sd-jwt/core@^0.19.0 @sd-jwt/crypto-nodejs@^0.19.0 to run the SD-JWT interop tests` : false;

// The packages' own types are not needed (and not required to type-check): only what is used here.
type Jwk = Record<string, unknown>;
interface Alg {
  generateKeyPair(): Promise<{ publicKey: Jwk; privateKey: Jwk }>;
  getSigner(privateKeyJwk: object): Promise<(data: string) => Promise<string>>;
  getVerifier(publicKeyJwk: object): Promise<(data: string, signature: string) => Promise<boolean>>;
}
interface CryptoModule {
  ES256: Alg;
  digest: (data: string | ArrayBuffer, alg?: string) => Uint8Array;
  generateSalt: (length: number) => string;
}
interface Instance {
  issue(payload: Record<string, unknown>, frame?: Record<string, unknown>, options?: { header?: object }): Promise<string>;
  present(encoded: string, frame?: Record<string, unknown>, options?: { kb?: { payload: Record<string, unknown> } }): Promise<string>;
  verify(encoded: string, options?: Record<string, unknown>): Promise<{ payload: unknown; kb?: { payload: Record<string, unknown> } }>;
}
interface CoreModule {
  SDJwtInstance: new (config: Record<string, unknown>) => Instance;
}

const NOW_S = Math.floor(Date.now() / 1000);
let core: CoreModule;
let crypto: CryptoModule;
let issuerPair: { publicKey: Jwk; privateKey: Jwk };
let holderPair: { publicKey: Jwk; privateKey: Jwk };
let issuerKey: KeyMaterial;

async function instance(hashAlg = 'sha-256'): Promise<Instance> {
  return new core.SDJwtInstance({
    signer: await crypto.ES256.getSigner(issuerPair.privateKey),
    signAlg: 'ES256',
    verifier: await crypto.ES256.getVerifier(issuerPair.publicKey),
    kbSigner: await crypto.ES256.getSigner(holderPair.privateKey),
    kbSignAlg: 'ES256',
    kbVerifier: async (data: string, signature: string, payload: { cnf?: { jwk?: Jwk } }) => (await crypto.ES256.getVerifier(payload.cnf?.jwk ?? {}))(data, signature),
    hasher: crypto.digest,
    hashAlg,
    saltGenerator: crypto.generateSalt,
  });
}

const claims = (): Record<string, unknown> => ({
  iss: 'https://issuer.example',
  iat: NOW_S - 60,
  exp: NOW_S + 3600,
  vct: 'https://credentials.example/identity',
  cnf: { jwk: holderPair.publicKey },
  given_name: 'Erika',
  family_name: 'Mustermann',
  address: { street_address: 'Heidestraße 17', locality: 'Köln', country: 'DE' },
  nationalities: ['DE', 'FR'],
  big: 12345678901234,
});
const frame = { _sd: ['given_name', 'family_name', 'address', 'nationalities'], address: { _sd: ['street_address', 'locality'] }, nationalities: { _sd: [0, 1] }, _sd_decoy: 2 };

describe('interop: sd-jwt-js (@sd-jwt/core)', { skip }, () => {
  before(async () => {
    const load = (name: string): Promise<unknown> => import(name);
    core = (await load(PACKAGES[0] as string)) as CoreModule;
    crypto = (await load(PACKAGES[1] as string)) as CryptoModule;
    issuerPair = await crypto.ES256.generateKeyPair();
    holderPair = await crypto.ES256.generateKeyPair();
    const r = await importKey(JSON.stringify(issuerPair.publicKey), { alg: 'ES256' });
    if (!r.ok) assert.fail(r.error.message);
    issuerKey = r.keys[0] as KeyMaterial;
  });

  for (const hashAlg of ['sha-256', 'sha-512']) {
    test(`an issued SD-JWT (${hashAlg}, nested, array and decoy digests) decodes and verifies here, with their processed claims`, async () => {
      const sd = await instance(hashAlg);
      const issued = await sd.issue(claims(), frame, { header: { typ: 'dc+sd-jwt' } });
      const theirs = await sd.verify(issued);
      const r = decodeToken(issued);
      if (!r.ok) assert.fail(r.error.message);
      const mine = r.token.sdJwt!;
      assert.equal(mine.sdAlg, hashAlg);
      assert.equal(mine.intact, true, mine.problems.join('; '));
      assert.equal(mine.disclosures.length, 8);
      assert.equal(mine.undisclosed, 2, 'their decoys');
      assert.deepEqual(r.token.claims, theirs.payload);
      const report = await verifySdJwt(issued, [issuerKey]);
      assert.equal(report.signature, 'valid', report.message);
      assert.equal(report.sdJwt.intact, true);
      assert.equal(report.claims.valid, true);
    });
  }

  test('a presentation with a key-binding JWT: their selection, their sd_hash, verified here', async () => {
    const sd = await instance();
    const issued = await sd.issue(claims(), frame, { header: { typ: 'dc+sd-jwt' } });
    const presented = await sd.present(issued, { given_name: true, address: { locality: true }, nationalities: { 1: true } }, {
      kb: { payload: { aud: 'https://verifier.example', nonce: 'n-42', iat: NOW_S } },
    });
    const theirs = await sd.verify(presented, { keyBindingNonce: 'n-42' });
    const report = await verifySdJwt(presented, [issuerKey]);
    assert.equal(report.signature, 'valid', report.message);
    assert.equal(report.sdJwt.intact, true, report.sdJwt.problems.join('; '));
    assert.equal(report.sdJwt.keyBinding?.status, 'verified', report.sdJwt.keyBinding?.detail);
    const r = decodeToken(presented);
    if (!r.ok) assert.fail(r.error.message);
    assert.deepEqual(r.token.claims, theirs.payload);
    assert.deepEqual(r.token.claims?.nationalities, ['FR']);
    assert.deepEqual(r.token.sdJwt?.keyBinding?.token?.claims, theirs.kb?.payload);
  });

  test('a disclosure from another credential: they ignore it, here it is flagged (RFC 9901 §7.1 step 5 rejects it)', async () => {
    const sd = await instance();
    const one = await sd.issue(claims(), frame);
    const other = await sd.issue(claims(), frame);
    const foreign = other.split('~')[1]!;
    const mixed = `${one.split('~')[0]}~${foreign}~`;
    const theirs = await sd.verify(mixed);
    const r1 = await verifySdJwt(mixed, [issuerKey]);
    const r = decodeToken(mixed);
    if (!r.ok) assert.fail(r.error.message);
    assert.deepEqual(r.token.claims, theirs.payload, 'the same claims: the foreign disclosure is placed nowhere');
    assert.equal(r1.signature, 'valid');
    assert.deepEqual(r1.sdJwt.problems, ['disclosure 1 matches no digest']);
  });

  test('a disclosure dropped after the key binding was made: rejected there and here', async () => {
    const sd = await instance();
    const one = await sd.issue(claims(), frame);
    const presented = await sd.present(one, { given_name: true, family_name: true }, { kb: { payload: { aud: 'a', nonce: 'n', iat: NOW_S } } });
    const parts = presented.split('~');
    const dropped = [parts[0], ...parts.slice(2)].join('~');
    await assert.rejects(sd.verify(dropped, { keyBindingNonce: 'n' }));
    const r2 = await verifySdJwt(dropped, [issuerKey]);
    assert.equal(r2.sdJwt.keyBinding?.status, 'invalid');
    assert.equal(r2.sdJwt.intact, false);
  });

  test('the RFC 9901 fixtures verify there as they do here', async () => {
    const rfc = readJson('sd-jwt/rfc9901.json') as { issuerKey: Jwk; examples: Array<{ id: string; kind: string; text: string }> };
    const verifier = new core.SDJwtInstance({ verifier: await crypto.ES256.getVerifier(rfc.issuerKey), hasher: crypto.digest, hashAlg: 'sha-256' });
    for (const example of rfc.examples.filter((e) => e.kind !== 'issuer-signed-jwt')) {
      const theirs = await verifier.verify(example.text, { currentDate: Math.floor(Date.UTC(2025, 5, 1) / 1000) });
      const r = decodeToken(example.text);
      if (!r.ok) assert.fail(r.error.message);
      assert.deepEqual(r.token.claims, theirs.payload, example.id);
    }
  });
});
