// X.509 certificates: the public key inside one, and when it expires. Only
// the key is used; dates, issuer and chain are not checked.

import { DerError, TAG_CONTEXT_0, TAG_GENERALIZED_TIME, TAG_SEQUENCE, TAG_UTC_TIME, childrenOf, contentOf, readRoot } from './der';

/** The SPKI inside a certificate and its notAfter, read from tbsCertificate. */
export function readCertificate(der: Uint8Array): { spki: Uint8Array; notAfter?: Date } {
  const root = readRoot(der);
  const tbs = childrenOf(der, root)[0];
  if (root.tag !== TAG_SEQUENCE || !tbs || tbs.tag !== TAG_SEQUENCE) throw new DerError('not a certificate', false);
  const fields = childrenOf(der, tbs);
  const offset = fields[0]?.tag === TAG_CONTEXT_0 ? 1 : 0;
  const validity = fields[offset + 3];
  const spki = fields[offset + 5];
  if (!spki || spki.tag !== TAG_SEQUENCE) throw new DerError('no public key in the certificate', false);
  let notAfter: Date | undefined;
  if (validity && validity.tag === TAG_SEQUENCE) {
    const times = childrenOf(der, validity);
    const end = times[1];
    if (end) notAfter = parseAsn1Time(end.tag, contentOf(der, end));
  }
  return { spki: der.slice(spki.start, spki.end), notAfter };
}

function parseAsn1Time(tag: number, bytes: Uint8Array): Date | undefined {
  const text = String.fromCharCode(...bytes);
  const m = tag === TAG_UTC_TIME ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text) : tag === TAG_GENERALIZED_TIME ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text) : null;
  if (!m) return undefined;
  let year = Number(m[1]);
  if (tag === TAG_UTC_TIME) year += year >= 50 ? 1900 : 2000;
  const date = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  return Number.isNaN(date.getTime()) ? undefined : date;
}
