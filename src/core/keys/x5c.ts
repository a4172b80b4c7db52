// The certificate chain a token header carries in x5c (RFC 7515 §4.1.6: an
// array of standard base64, not base64url, DER certificates, the one holding
// the signing key first), read so the hover can show it. Nothing here
// verifies with it: the verifier never reads x5c, and a leaf key counts only
// when it is the key from the ring or a trusted issuer that verified the
// signature. Header text is hostile: at most MAX_X5C_CERTIFICATES of at most
// MAX_X5C_CERTIFICATE_BYTES each are read, and anything else is one problem.

import { jsonTypeName } from '../base/guards';
import { readCertificateDetails } from './certificates';
import type { CertificateDetails } from './certificates';
import { decodeBase64Text } from './pem';
import { publicKeyOfSpki } from './spkiJwk';
import type { PublicKeyMembers } from './spkiJwk';

export const MAX_X5C_CERTIFICATES = 10;
export const MAX_X5C_CERTIFICATE_BYTES = 16 * 1024;
/** Standard base64 of MAX_X5C_CERTIFICATE_BYTES, padded. */
const MAX_X5C_CERTIFICATE_CHARS = Math.ceil(MAX_X5C_CERTIFICATE_BYTES / 3) * 4;

export interface ChainCertificate extends CertificateDetails {
  /** The certificate's public key as JWK members; absent for a key type this tool does not read. */
  publicKey?: PublicKeyMembers;
}

/** The chain in x5c order, or what keeps it from being read (a clause: "certificate 2 is not base64"). */
export type X5cReading = { ok: true; certificates: ChainCertificate[] } | { ok: false; problem: string };

/**
 * Certificates read lately, by their base64 text (oldest first): the same
 * chain is hovered again and again, and an issuer's tokens all carry one.
 * The entries are shared, so they are never changed after they are made.
 */
const recent = new Map<string, ChainCertificate>();
const MAX_RECENT = 32;

function certificateAt(text: unknown, which: string): ChainCertificate | string {
  if (typeof text !== 'string') return `${which} is ${jsonTypeName(text)}, not base64 text`;
  if (text.length > MAX_X5C_CERTIFICATE_CHARS) return `${which} is ${text.length} characters of base64, more than ${MAX_X5C_CERTIFICATE_BYTES / 1024} KiB of DER`;
  const known = recent.get(text);
  if (known) return known;
  const read = readCertificateText(text, which);
  if (typeof read !== 'string') {
    if (recent.size >= MAX_RECENT) recent.delete(recent.keys().next().value as string);
    recent.set(text, read);
  }
  return read;
}

function readCertificateText(text: string, which: string): ChainCertificate | string {
  const der = decodeBase64Text(text, 'base64');
  if (!der) {
    const urlSafe = decodeBase64Text(text, 'base64url') !== undefined && /[-_]/.test(text);
    return urlSafe ? `${which} is base64url, but x5c holds standard base64 (RFC 7515 §4.1.6)` : `${which} is not base64`;
  }
  const read = readCertificateDetails(der);
  if (!read.ok) return `${which} is not a certificate: ${read.problem}`;
  const publicKey = publicKeyOfSpki(read.certificate.spki);
  return publicKey ? { ...read.certificate, publicKey } : read.certificate;
}

/** The x5c header member as certificates, or one problem. Never throws. */
export function readX5c(value: unknown): X5cReading {
  if (!Array.isArray(value)) return { ok: false, problem: `x5c is ${jsonTypeName(value)}, not an array of certificates` };
  if (value.length === 0) return { ok: false, problem: 'x5c is an empty array' };
  if (value.length > MAX_X5C_CERTIFICATES) return { ok: false, problem: `x5c holds ${value.length} entries, more than the ${MAX_X5C_CERTIFICATES} certificates shown here` };
  const certificates: ChainCertificate[] = [];
  for (let i = 0; i < value.length; i++) {
    const read = certificateAt(value[i], `certificate ${i + 1}`);
    if (typeof read === 'string') return { ok: false, problem: read };
    certificates.push(read);
  }
  return { ok: true, certificates };
}
