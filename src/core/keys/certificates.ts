// X.509 certificates: the public key inside one and when it expires (for
// importing its key), and its subject, issuer and validity (for showing a
// token header's x5c chain). Nothing here checks a signature, a date or a
// chain: importing uses only the key, and the hover only shows what the
// certificates say.

import { DerError, TAG_CONTEXT_0, TAG_GENERALIZED_TIME, TAG_SEQUENCE, TAG_UTC_TIME, childrenOf, contentOf, readRoot } from './der';
import type { DerNode } from './der';
import { readName } from './x509Names';
import type { DistinguishedName } from './x509Names';

/** The fields of tbsCertificate by name; throws DerError when `der` is not shaped as a certificate. */
function tbsFields(der: Uint8Array): { issuer?: DerNode; validity?: DerNode; subject?: DerNode; spki: DerNode } {
  const root = readRoot(der);
  const parts = root.tag === TAG_SEQUENCE ? childrenOf(der, root) : [];
  const tbs = parts[0];
  if (!tbs || tbs.tag !== TAG_SEQUENCE) throw new DerError('not a certificate', false);
  const fields = childrenOf(der, tbs);
  const offset = fields[0]?.tag === TAG_CONTEXT_0 ? 1 : 0;
  const spki = fields[offset + 5];
  if (!spki || spki.tag !== TAG_SEQUENCE) throw new DerError('no public key in the certificate', false);
  return { issuer: fields[offset + 2], validity: fields[offset + 3], subject: fields[offset + 4], spki };
}

function validityTimes(der: Uint8Array, validity: DerNode | undefined): { notBefore?: Date; notAfter?: Date } {
  if (!validity || validity.tag !== TAG_SEQUENCE) return {};
  const [start, end] = childrenOf(der, validity);
  const notBefore = start ? parseAsn1Time(start.tag, contentOf(der, start)) : undefined;
  const notAfter = end ? parseAsn1Time(end.tag, contentOf(der, end)) : undefined;
  return { ...(notBefore ? { notBefore } : {}), ...(notAfter ? { notAfter } : {}) };
}

/** The SPKI inside a certificate and its notAfter, read from tbsCertificate. */
export function readCertificate(der: Uint8Array): { spki: Uint8Array; notAfter?: Date } {
  const { validity, spki } = tbsFields(der);
  return { spki: der.slice(spki.start, spki.end), notAfter: validityTimes(der, validity).notAfter };
}

/** What a certificate says about itself: who it names, who signed it, when it is valid, its key. */
export interface CertificateDetails {
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** Absent when the time is missing or not a UTCTime / GeneralizedTime as RFC 5280 writes them. */
  notBefore?: Date;
  notAfter?: Date;
  spki: Uint8Array;
}

/** A certificate's subject, issuer, validity and SPKI. Never throws: anything else is a `problem` ("it ends early (truncated?)"). */
export function readCertificateDetails(der: Uint8Array): { ok: true; certificate: CertificateDetails } | { ok: false; problem: string } {
  try {
    const { issuer, validity, subject, spki } = tbsFields(der);
    if (!issuer || !subject) return { ok: false, problem: 'it has no issuer or subject' };
    const certificate: CertificateDetails = { subject: readName(der, subject), issuer: readName(der, issuer), ...validityTimes(der, validity), spki: der.subarray(spki.start, spki.end) };
    return { ok: true, certificate };
  } catch (e) {
    if (e instanceof DerError && e.truncated) return { ok: false, problem: 'its DER ends early (truncated?)' };
    if (e instanceof DerError && e.message === 'not a certificate') return { ok: false, problem: 'it is DER but not an X.509 certificate' };
    if (e instanceof DerError && e.message === 'no public key in the certificate') return { ok: false, problem: 'it has no public key where a certificate has one' };
    return { ok: false, problem: 'it is not DER' };
  }
}

/** The longest time text RFC 5280 allows (GeneralizedTime "YYYYMMDDHHMMSSZ"), with room to spare. */
const MAX_TIME_BYTES = 32;

function parseAsn1Time(tag: number, bytes: Uint8Array): Date | undefined {
  if (bytes.length > MAX_TIME_BYTES) return undefined;
  const text = String.fromCharCode(...bytes);
  const m = tag === TAG_UTC_TIME ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text) : tag === TAG_GENERALIZED_TIME ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text) : null;
  if (!m) return undefined;
  let year = Number(m[1]);
  // RFC 5280 §4.1.2.5.1: a two-digit year of 50 or more is 19YY.
  if (tag === TAG_UTC_TIME) year += year >= 50 ? 1900 : 2000;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number];
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  // Date rolls month 13 or day 32 over into the next: such a time is invalid, not later.
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  return date;
}
