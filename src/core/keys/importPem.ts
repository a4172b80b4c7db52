// PEM import: picks the key block, wraps PKCS#1 and SEC1 keys in PKCS#8 /
// SPKI, reads certificates, and hands the key to the shared final step.

import { exportJWK, importPKCS8, importSPKI, importX509 } from 'jose';
import { inferAlg, useOf } from '../jose/algorithms';
import type { CoreError, KeyAlg, Result } from '../base/types';
import { fail } from '../base/result';
import {
  DER_INTEGER_ZERO,
  DER_NULL,
  DerError,
  OID_EC_PUBLIC_KEY,
  OID_RSA_ENCRYPTION,
  TAG_CONTEXT_0,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_OID,
  TAG_SEQUENCE,
  bitString,
  childrenOf,
  contentOf,
  octetString,
  oid,
  readRoot,
  sameBytes,
  sequence,
} from './der';
import type { DerNode } from './der';
import { encodePem, parsePem } from './pem';
import type { PemBlock } from './pem';
import type { ImportKeyOptions, ImportedKeys } from './api';
import { algMismatch, article, openAlgs, publicOnlyWarning } from './algFit';
import { readCertificate } from './certificates';
import { curveForAlg, curveForPrivateLength, curveFromOid, importAlgFor, keyTypeOf, oidForCurve, unsupportedCurveMessage } from './keyTypes';
import type { NamedCurve } from './keyTypes';
import { describeKeyShape, sizeOf } from './material';
import { finishKey } from './pairCheck';
import { publicHalfRole } from './roles';

type Container =
  | { kind: 'pkcs8'; der: Uint8Array; description: string; block: PemBlock }
  | { kind: 'spki'; der: Uint8Array; description: string; block: PemBlock }
  | { kind: 'x509'; der: Uint8Array; spki: Uint8Array; notAfter?: Date; description: string; block: PemBlock };

const IGNORED_LABELS = new Set(['EC PARAMETERS']);
const PRIVATE_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'];
const PUBLIC_LABELS = ['PUBLIC KEY', 'RSA PUBLIC KEY'];

export async function importPem(text: string, options: ImportKeyOptions): Promise<Result<ImportedKeys>> {
  const parsed = parsePem(text);
  if (!parsed.ok) return parsed;
  const warnings: string[] = [];
  const usable: PemBlock[] = [];
  for (const block of parsed.blocks) {
    if (IGNORED_LABELS.has(block.label)) continue;
    const unsupported = unsupportedPemLabel(block.label);
    if (unsupported) return fail('KEY_UNSUPPORTED', unsupported);
    if (![...PRIVATE_LABELS, ...PUBLIC_LABELS, 'CERTIFICATE'].includes(block.label)) {
      return fail('KEY_UNRECOGNISED', `The PEM block on line ${block.line} is "${block.label}", which is not a key this tool reads (PRIVATE KEY, PUBLIC KEY, RSA/EC PRIVATE KEY, RSA PUBLIC KEY, CERTIFICATE).`);
    }
    usable.push(block);
  }
  if (usable.length === 0) return fail('KEY_BAD_PEM', 'The PEM text holds no key block (only parameters).');
  const chosen =
    usable.find((b) => PRIVATE_LABELS.includes(b.label)) ??
    usable.find((b) => PUBLIC_LABELS.includes(b.label)) ??
    (usable[0] as PemBlock);
  const others = usable.filter((b) => b !== chosen);
  if (others.length > 0) {
    warnings.push(
      `Imported the "${chosen.label}" block on line ${chosen.line}; ignored ${others.length} other block${others.length === 1 ? '' : 's'} (${others.map((b) => `"${b.label}" on line ${b.line}`).join(', ')}).`,
    );
  }
  const container = toContainer(chosen, options.alg);
  if (!container.ok) return container;
  return importContainer(container.container, options, warnings);
}

function unsupportedPemLabel(label: string): string | undefined {
  if (label === 'OPENSSH PRIVATE KEY') return 'This is an OpenSSH private key. Convert a copy to PKCS#8 first: ssh-keygen -p -m PKCS8 -f copy_of_key';
  if (label === 'DSA PRIVATE KEY' || label === 'DSA PUBLIC KEY') return 'DSA keys cannot sign JWTs: use RSA, EC or Ed25519.';
  if (label === 'CERTIFICATE REQUEST' || label === 'NEW CERTIFICATE REQUEST') {
    return 'This is a certificate signing request. Take its public key with: openssl req -in request.pem -pubkey -noout';
  }
  if (label === 'X509 CRL') return 'This is a certificate revocation list, not a key.';
  if (label.startsWith('PGP ')) return 'OpenPGP keys are not JOSE keys: export the key as PEM or JWK.';
  if (label === 'TRUSTED CERTIFICATE') return 'This is an OpenSSL "trusted certificate". Convert it: openssl x509 -in cert.pem -out plain.pem';
  return undefined;
}

function derProblem(block: PemBlock, e: unknown, what: string): { ok: false; error: CoreError } {
  if (e instanceof DerError && e.truncated) {
    return fail('KEY_BAD_PEM', `The key data in "${block.label}" (line ${block.line}) ends early: the PEM body looks truncated. Copy the whole key again.`);
  }
  return fail('KEY_BAD_PEM', `The body of "${block.label}" (line ${block.line}) is not ${what}.`);
}

function integersOnly(nodes: DerNode[]): boolean {
  return nodes.length > 0 && nodes.every((n) => n.tag === TAG_INTEGER && n.end > n.contentStart);
}

type ContainerResult = { ok: true; container: Container } | { ok: false; error: CoreError };

function toContainer(block: PemBlock, alg: KeyAlg | undefined): ContainerResult {
  const der = block.der;
  switch (block.label) {
    case 'PRIVATE KEY':
      try {
        readRoot(der);
      } catch (e) {
        return derProblem(block, e, 'a PKCS#8 private key');
      }
      return { ok: true, container: { kind: 'pkcs8', der, description: 'PKCS#8 private key', block } };
    case 'PUBLIC KEY':
      try {
        readRoot(der);
      } catch (e) {
        return derProblem(block, e, 'an SPKI public key');
      }
      return { ok: true, container: { kind: 'spki', der, description: 'SPKI public key', block } };
    case 'RSA PRIVATE KEY': {
      // PKCS#1 RSAPrivateKey: version, n, e, d, p, q, dp, dq, qi. Wrapped as PKCS#8 with rsaEncryption + NULL.
      try {
        const root = readRoot(der);
        const kids = childrenOf(der, root);
        if (root.tag !== TAG_SEQUENCE || kids.length < 9 || !integersOnly(kids)) return derProblem(block, undefined, 'a PKCS#1 RSA private key');
        const version = contentOf(der, kids[0] as DerNode);
        if (!sameBytes(version, [0])) return fail('KEY_UNSUPPORTED', `The PKCS#1 key on line ${block.line} is a multi-prime RSA key, which WebCrypto cannot use.`);
      } catch (e) {
        return derProblem(block, e, 'a PKCS#1 RSA private key');
      }
      const pkcs8 = sequence(DER_INTEGER_ZERO, sequence(oid(OID_RSA_ENCRYPTION), DER_NULL), octetString(der));
      return { ok: true, container: { kind: 'pkcs8', der: pkcs8, description: 'PKCS#1 RSA private key', block } };
    }
    case 'RSA PUBLIC KEY': {
      try {
        const root = readRoot(der);
        const kids = childrenOf(der, root);
        if (root.tag !== TAG_SEQUENCE || kids.length !== 2 || !integersOnly(kids)) return derProblem(block, undefined, 'a PKCS#1 RSA public key');
      } catch (e) {
        return derProblem(block, e, 'a PKCS#1 RSA public key');
      }
      const spki = sequence(sequence(oid(OID_RSA_ENCRYPTION), DER_NULL), bitString(der));
      return { ok: true, container: { kind: 'spki', der: spki, description: 'PKCS#1 RSA public key', block } };
    }
    case 'EC PRIVATE KEY': {
      // SEC1 ECPrivateKey: version 1, privateKey, [0] namedCurve, [1] publicKey.
      let curve: NamedCurve | undefined;
      try {
        const root = readRoot(der);
        const kids = childrenOf(der, root);
        const version = kids[0];
        const secret = kids[1];
        if (root.tag !== TAG_SEQUENCE || !version || !secret || version.tag !== TAG_INTEGER || !sameBytes(contentOf(der, version), [1]) || secret.tag !== TAG_OCTET_STRING) {
          return derProblem(block, undefined, 'a SEC1 EC private key');
        }
        const params = kids.find((k) => k.tag === TAG_CONTEXT_0);
        if (params) {
          const inner = childrenOf(der, params)[0];
          if (!inner || inner.tag !== TAG_OID) return fail('KEY_UNSUPPORTED', `The EC key on line ${block.line} spells out its curve parameters instead of naming the curve; only named curves (P-256, P-384, P-521) are supported.`);
          const curveOid = contentOf(der, inner);
          curve = curveFromOid(curveOid);
          if (!curve) return fail('KEY_UNSUPPORTED', unsupportedCurveMessage(curveOid));
        } else {
          curve = curveForAlg(alg) ?? curveForPrivateLength(secret.end - secret.contentStart);
          if (!curve) return fail('KEY_BAD_PEM', `The EC key on line ${block.line} does not name its curve; choose the algorithm (ES256, ES384 or ES512) so the curve is known.`);
        }
      } catch (e) {
        return derProblem(block, e, 'a SEC1 EC private key');
      }
      const pkcs8 = sequence(DER_INTEGER_ZERO, sequence(oid(OID_EC_PUBLIC_KEY), oid(oidForCurve(curve))), octetString(der));
      return { ok: true, container: { kind: 'pkcs8', der: pkcs8, description: 'SEC1 EC private key', block } };
    }
    case 'CERTIFICATE': {
      try {
        const cert = readCertificate(der);
        return { ok: true, container: { kind: 'x509', der, spki: cert.spki, notAfter: cert.notAfter, description: 'X.509 certificate', block } };
      } catch (e) {
        return derProblem(block, e, 'an X.509 certificate');
      }
    }
    default:
      return fail('KEY_UNRECOGNISED', `The PEM block on line ${block.line} is not a key.`);
  }
}

async function importContainer(container: Container, options: ImportKeyOptions, warnings: string[]): Promise<Result<ImportedKeys>> {
  const { block } = container;
  const typed = keyTypeOf(container.kind === 'x509' ? container.spki : container.der, container.kind === 'pkcs8' ? 'pkcs8' : 'spki');
  if (!typed.ok) {
    const message = `${container.description} (line ${block.line}): ${typed.message}.`;
    return fail(typed.code, message.charAt(0).toUpperCase() + message.slice(1));
  }
  const type = typed.type;
  let jwk: Record<string, unknown>;
  try {
    const importAlg = importAlgFor(type);
    const key =
      container.kind === 'pkcs8'
        ? await importPKCS8(encodePem('PRIVATE KEY', container.der), importAlg, { extractable: true })
        : container.kind === 'spki'
          ? await importSPKI(encodePem('PUBLIC KEY', container.der), importAlg, { extractable: true })
          : await importX509(encodePem('CERTIFICATE', container.der), importAlg, { extractable: true });
    jwk = { ...(await exportJWK(key)) };
  } catch {
    if (type.pss) return fail('KEY_UNSUPPORTED', `The ${container.description} on line ${block.line} is an RSA-PSS-only key, which this runtime cannot import. Re-export it as a plain RSA key.`);
    return fail('KEY_BAD_PEM', `The ${container.description} on line ${block.line} could not be read as a ${type.crv ?? type.kty} key: it may be damaged.`);
  }
  const isPrivate = typeof jwk.d === 'string';
  const kty = type.kty;
  const shape = describeKeyShape(kty, jwk);
  const alg = options.alg ?? (type.pss ? 'PS256' : inferAlg(kty, type.crv, undefined));
  if (!alg) return fail('KEY_UNSUPPORTED', `No algorithm fits this ${shape} key.`);
  const mismatch = algMismatch(alg, kty, type.crv, shape);
  if (mismatch) return mismatch;
  const finished = await finishKey(kty, jwk, alg, options.kid, undefined, 'KEY_BAD_PEM');
  if (!finished.ok) return finished;
  if (!isPrivate) warnings.push(publicOnlyWarning(alg));
  const detail = /RSA|EC /.test(container.description) ? sizeOf(kty, jwk) : shape;
  let recognised = `${container.description}, ${detail}, for ${alg}`;
  if (container.kind === 'x509') {
    recognised = `X.509 certificate with ${article(shape)} ${shape} public key, for ${alg}`;
    warnings.push("Only the certificate's public key is used: its validity dates, issuer and chain are not checked.");
    if (container.notAfter && container.notAfter.getTime() < Date.now()) {
      warnings.push(`The certificate expired on ${container.notAfter.toISOString().slice(0, 10)}.`);
    }
  }
  if (!isPrivate) recognised += ` (${publicHalfRole({ use: useOf(alg) })}: no private key)`;
  const details = [{ kidGiven: options.kid !== undefined, algs: openAlgs(alg, options.alg !== undefined, kty, type.crv, { pss: type.pss, publicOnly: !isPrivate }) }];
  return { ok: true, keys: [finished.key], recognised, warnings, randomKids: [], details };
}
