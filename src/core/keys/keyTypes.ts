// Which key a DER structure holds (PKCS#8 / SPKI AlgorithmIdentifier, SEC1
// curve), read through the curve table in jose/algorithms.ts and the OIDs in
// der.ts, and the algorithm jose imports each key type with.

import { ALGORITHMS, CURVES, curvesOfKind } from '../jose/algorithms';
import type { Curve, KeyKind, NamedCurve } from '../jose/algorithms';
import type { ErrorCode, KeyAlg } from '../base/types';
import {
  DerError,
  OID_DSA,
  OID_ED448,
  OID_EC_PUBLIC_KEY,
  OID_ML_DSA_44,
  OID_ML_DSA_65,
  OID_ML_DSA_87,
  OID_RSASSA_PSS,
  OID_RSA_ENCRYPTION,
  OID_SECP256K1,
  OID_X448,
  TAG_BIT_STRING,
  TAG_OCTET_STRING,
  TAG_OID,
  TAG_SEQUENCE,
  childrenOf,
  contentOf,
  oidToString,
  readRoot,
  sameBytes,
} from './der';
import type { DerNode } from './der';

export type { NamedCurve };

const EC_CURVES = curvesOfKind('EC');
const OKP_CURVES = curvesOfKind('OKP');

/** The EC curve named by a SEC1 / SPKI namedCurve OID. */
export function curveFromOid(content: Uint8Array): NamedCurve | undefined {
  return EC_CURVES.find((c) => sameBytes(content, CURVES[c].oid));
}

export function oidForCurve(curve: NamedCurve): readonly number[] {
  return CURVES[curve].oid;
}

/** The curve an algorithm fixes, when it is an EC curve (ES256 → P-256). */
export function curveForAlg(alg: KeyAlg | undefined): NamedCurve | undefined {
  const curves = alg === undefined ? undefined : ALGORITHMS[alg].curves;
  const only = curves?.length === 1 ? curves[0] : undefined;
  return EC_CURVES.find((c) => c === only);
}

/** The EC curve whose private scalar is this many bytes. */
export function curveForPrivateLength(bytes: number): NamedCurve | undefined {
  return EC_CURVES.find((c) => CURVES[c].bytes === bytes);
}

export function unsupportedCurveMessage(curveOid: Uint8Array): string {
  if (sameBytes(curveOid, OID_SECP256K1)) return 'The key is on secp256k1 (ES256K), which this tool does not support: use P-256 (ES256).';
  return `The key's curve (OID ${oidToString(curveOid)}) is not supported: use P-256, P-384 or P-521.`;
}

export type KeyType = { kty: KeyKind; crv?: Curve; pss?: boolean };

/** Which key a PKCS#8 or SPKI structure holds, read from its AlgorithmIdentifier. */
export function keyTypeOf(der: Uint8Array, kind: 'pkcs8' | 'spki'): { ok: true; type: KeyType } | { ok: false; message: string; code: ErrorCode } {
  let algId: DerNode | undefined;
  try {
    const root = readRoot(der);
    const kids = childrenOf(der, root);
    algId = kind === 'pkcs8' ? kids[1] : kids[0];
    const body = kind === 'pkcs8' ? kids[2] : kids[1];
    if (root.tag !== TAG_SEQUENCE || !algId || algId.tag !== TAG_SEQUENCE || !body || body.tag !== (kind === 'pkcs8' ? TAG_OCTET_STRING : TAG_BIT_STRING)) {
      return { ok: false, code: 'KEY_BAD_PEM', message: `not a ${kind === 'pkcs8' ? 'PKCS#8' : 'SPKI'} structure` };
    }
    const [algOidNode, paramNode] = childrenOf(der, algId);
    if (!algOidNode || algOidNode.tag !== TAG_OID) return { ok: false, code: 'KEY_BAD_PEM', message: 'no algorithm identifier' };
    const algOid = contentOf(der, algOidNode);
    if (sameBytes(algOid, OID_RSA_ENCRYPTION)) return { ok: true, type: { kty: 'RSA' } };
    if (sameBytes(algOid, OID_RSASSA_PSS)) return { ok: true, type: { kty: 'RSA', pss: true } };
    const okp = OKP_CURVES.find((c) => sameBytes(algOid, CURVES[c].oid));
    if (okp) return { ok: true, type: { kty: 'OKP', crv: okp } };
    if (sameBytes(algOid, OID_EC_PUBLIC_KEY)) {
      if (!paramNode || paramNode.tag !== TAG_OID) return { ok: false, code: 'KEY_UNSUPPORTED', message: 'the EC key spells out its curve parameters instead of naming a curve; only P-256, P-384 and P-521 are supported' };
      const curveOid = contentOf(der, paramNode);
      const crv = curveFromOid(curveOid);
      if (!crv) return { ok: false, code: 'KEY_UNSUPPORTED', message: unsupportedCurveMessage(curveOid) };
      return { ok: true, type: { kty: 'EC', crv } };
    }
    if (sameBytes(algOid, OID_ED448) || sameBytes(algOid, OID_X448)) {
      return { ok: false, code: 'KEY_UNSUPPORTED', message: 'Ed448 / X448 keys are not supported here: use Ed25519, X25519 or an EC P-curve' };
    }
    const mlDsa = ([[OID_ML_DSA_44, 'ML-DSA-44'], [OID_ML_DSA_65, 'ML-DSA-65'], [OID_ML_DSA_87, 'ML-DSA-87']] as const).find(([o]) => sameBytes(algOid, o));
    if (mlDsa) {
      return { ok: false, code: 'KEY_UNSUPPORTED', message: `this is an ${mlDsa[1]} key (post-quantum, RFC 9964), which is read from its JWK only: export it as a JWK (kty "AKP", with "alg", "pub" and, to sign, "priv") and import that` };
    }
    if (sameBytes(algOid, OID_DSA)) return { ok: false, code: 'KEY_UNSUPPORTED', message: 'DSA keys cannot sign JWTs: use RSA, EC or Ed25519' };
    return { ok: false, code: 'KEY_UNSUPPORTED', message: `the key algorithm (OID ${oidToString(algOid)}) is not supported` };
  } catch (e) {
    return { ok: false, code: 'KEY_BAD_PEM', message: e instanceof DerError && e.truncated ? 'the key data ends early (truncated?)' : 'not valid DER' };
  }
}

/** The algorithm jose imports a key type with when we only want its JWK back. */
export function importAlgFor(type: KeyType): string {
  if (type.kty === 'RSA') return type.pss ? 'PS256' : 'RS256';
  if (type.crv === 'Ed25519') return 'EdDSA';
  return 'ECDH-ES';
}
