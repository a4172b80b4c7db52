// X.509 Names (RFC 5280 §4.1.2.4): a certificate's subject and issuer as
// people read them ("CN=login.example.com, O=Example, C=GB"), and whether two
// Names are the same for chaining. Certificates shown on hover come from
// token headers, so every read is bounded (RDNs, attributes, bytes per
// value) and a malformed Name is a `problem`, never a throw.

import { DerError, TAG_OID, TAG_SEQUENCE, contentOf, readNode, sameBytes } from './der';
import type { DerNode } from './der';

/** RelativeDistinguishedNames read from one Name; the rest are counted, not read. */
export const MAX_NAME_RDNS = 32;
/** Attributes read from one RDN (a multi-valued RDN such as "CN=a + O=b"). */
export const MAX_RDN_ATTRIBUTES = 8;
/** Bytes of one attribute value that are decoded; a longer value is cut. */
export const MAX_NAME_VALUE_BYTES = 1024;

const TAG_SET = 0x31;
const TAG_UTF8_STRING = 0x0c;
const TAG_NUMERIC_STRING = 0x12;
const TAG_PRINTABLE_STRING = 0x13;
const TAG_T61_STRING = 0x14;
const TAG_IA5_STRING = 0x16;
const TAG_VISIBLE_STRING = 0x1a;
const TAG_UNIVERSAL_STRING = 0x1c;
const TAG_BMP_STRING = 0x1e;

/** Short names for the attribute types people meet in certificates (OpenSSL's spelling); others are shown by OID. */
const ATTRIBUTE_NAMES: ReadonlyMap<string, string> = new Map([
  ['2.5.4.3', 'CN'],
  ['2.5.4.5', 'serialNumber'],
  ['2.5.4.6', 'C'],
  ['2.5.4.7', 'L'],
  ['2.5.4.8', 'ST'],
  ['2.5.4.10', 'O'],
  ['2.5.4.11', 'OU'],
  ['1.2.840.113549.1.9.1', 'emailAddress'],
  ['0.9.2342.19200300.100.1.25', 'DC'],
]);

export interface NameAttribute {
  /** CN, O, OU, C, L, ST, emailAddress, serialNumber, DC, or the type's OID in dotted form. */
  type: string;
  /** The value as text, not yet escaped for display; `#` and the hex of its DER when it is not a string type (RFC 4514 §2.4). */
  value: string;
  /** The value is longer than MAX_NAME_VALUE_BYTES and only its start is decoded. */
  cut?: true;
  /** A directory string type (compared without case and extra spaces when chaining). */
  text: boolean;
}

export interface DistinguishedName {
  /** The RDNs read, in DER order (the most general first, as the certificate has them). */
  rdns: NameAttribute[][];
  /** RDNs and attributes past the bounds, not read. */
  unread: number;
  /** The Name's DER, for comparison. */
  der: Uint8Array;
  /** What is wrong, when part of the Name is not an RDNSequence. */
  problem?: string;
}

const latin1 = (bytes: Uint8Array): string => {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
};

const utf8 = new TextDecoder('utf-8');

function utf16be(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  return bytes.length % 2 === 1 ? out + '\uFFFD' : out;
}

function utf32be(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const code = (bytes[i] as number) * 0x1000000 + (((bytes[i + 1] as number) << 16) | ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number));
    out += code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(code);
  }
  return bytes.length % 4 !== 0 ? out + '\uFFFD' : out;
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** One AttributeValue as text, at most MAX_NAME_VALUE_BYTES of it. */
function attributeValue(bytes: Uint8Array, node: DerNode): Pick<NameAttribute, 'value' | 'cut' | 'text'> {
  const content = contentOf(bytes, node);
  // Whole code units only: 2 bytes for BMPString, 4 for UniversalString.
  const cut = content.length > MAX_NAME_VALUE_BYTES;
  const head = cut ? content.subarray(0, MAX_NAME_VALUE_BYTES) : content;
  const out = (value: string, text = true): Pick<NameAttribute, 'value' | 'cut' | 'text'> => (cut ? { value, cut: true, text } : { value, text });
  switch (node.tag) {
    case TAG_UTF8_STRING:
      return out(utf8.decode(head));
    case TAG_PRINTABLE_STRING:
    case TAG_IA5_STRING:
    case TAG_NUMERIC_STRING:
    case TAG_VISIBLE_STRING:
    case TAG_T61_STRING: // TeletexString, read as Latin-1 as OpenSSL and browsers do
      return out(latin1(head));
    case TAG_BMP_STRING:
      return out(utf16be(head));
    case TAG_UNIVERSAL_STRING:
      return out(utf32be(head));
    default: {
      const whole = bytes.subarray(node.start, Math.min(node.end, node.start + MAX_NAME_VALUE_BYTES));
      return { value: `#${hex(whole)}`, text: false, ...(node.end - node.start > MAX_NAME_VALUE_BYTES ? { cut: true as const } : {}) };
    }
  }
}

/** The elements inside `node`, at most `max` of them read; the rest only counted. */
function elements(bytes: Uint8Array, node: DerNode, max: number): { read: DerNode[]; more: number } {
  const read: DerNode[] = [];
  let more = 0;
  for (let pos = node.contentStart; pos < node.end; ) {
    const child = readNode(bytes, pos, node.end);
    if (read.length < max) read.push(child);
    else more++;
    pos = child.end;
  }
  return { read, more };
}

class NameProblem extends Error {}

/** Bytes of an attribute type's OID that are read (the usual ones are 3 to 10). */
const MAX_OID_BYTES = 64;

/**
 * An attribute type's OID in dotted form, from DER only: each part in its fewest bytes (no leading 0x80,
 * which DER forbids and which would make 55 04 80 03 read as CN), at most 2^53, none cut off, so that no
 * other encoding can show under a known name.
 */
function attributeType(content: Uint8Array): string {
  if (content.length === 0 || content.length > MAX_OID_BYTES) throw new NameProblem(`an attribute type is ${content.length === 0 ? 'empty' : `over ${MAX_OID_BYTES} bytes`}`);
  const parts: number[] = [];
  let value = 0;
  for (let i = 0; i < content.length; i++) {
    const byte = content[i] as number;
    if (value === 0 && byte === 0x80) throw new NameProblem('an attribute type is not valid DER');
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER) throw new NameProblem('an attribute type has a part too large to read');
    if ((byte & 0x80) === 0) {
      // X.690 §8.19.4: the first part holds the first two arcs (40 × X + Y; X is 2 from 80 on).
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  if (((content[content.length - 1] as number) & 0x80) !== 0) throw new NameProblem('an attribute type ends in the middle of a part');
  return parts.join('.');
}

/** The Name at `node` (an RDNSequence). Never throws: a malformed part ends the reading with a `problem`. */
export function readName(bytes: Uint8Array, node: DerNode): DistinguishedName {
  const name: DistinguishedName = { rdns: [], unread: 0, der: bytes.subarray(node.start, node.end) };
  try {
    if (node.tag !== TAG_SEQUENCE) throw new NameProblem('it is not a SEQUENCE of RDNs');
    const rdns = elements(bytes, node, MAX_NAME_RDNS);
    name.unread = rdns.more;
    for (const rdn of rdns.read) {
      if (rdn.tag !== TAG_SET) throw new NameProblem('an RDN is not a SET');
      const attributes = elements(bytes, rdn, MAX_RDN_ATTRIBUTES);
      name.unread += attributes.more;
      const read: NameAttribute[] = [];
      for (const attribute of attributes.read) {
        const [typeNode, valueNode, extra] = attribute.tag === TAG_SEQUENCE ? elements(bytes, attribute, 3).read : [];
        if (!typeNode || typeNode.tag !== TAG_OID || !valueNode || extra) throw new NameProblem('an attribute is not a type and a value');
        const oid = attributeType(contentOf(bytes, typeNode));
        read.push({ type: ATTRIBUTE_NAMES.get(oid) ?? oid, ...attributeValue(bytes, valueNode) });
      }
      if (read.length === 0) throw new NameProblem('an RDN is empty');
      name.rdns.push(read);
    }
  } catch (e) {
    name.problem = e instanceof NameProblem ? e.message : e instanceof DerError && e.truncated ? 'it ends early' : 'it is not valid DER';
  }
  return name;
}

const SPECIAL = new Set([',', '+', '"', '\\', '<', '>', ';']);

/** A value as RFC 4514 §2.4 writes it, escaped so that a value such as "Evil, CN=bank" cannot pass for two attributes. */
export function attributeText(attribute: NameAttribute): string {
  const value = attribute.value;
  if (!attribute.text) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    const edge = (i === 0 && (c === ' ' || c === '#')) || (i === value.length - 1 && c === ' ');
    out += SPECIAL.has(c) || edge ? `\\${c}` : c;
  }
  return out;
}

/**
 * The Name as one line, the most specific part first as RFC 4514 writes it
 * ("CN=leaf, O=Example, C=GB"; a multi-valued RDN as "CN=a + O=b"). Not yet
 * made visible or capped: the caller runs it through visibleText.
 */
export function nameText(name: DistinguishedName): string {
  const parts = [...name.rdns].reverse().map((rdn) => rdn.map((a) => `${a.type}=${attributeText(a)}${a.cut ? '…' : ''}`).join(' + '));
  let text = parts.join(', ');
  if (name.unread > 0) text += `${text ? ', ' : ''}… (${name.unread} more part${name.unread === 1 ? '' : 's'} not read)`;
  if (name.problem) text += `${text ? ' ' : ''}(unreadable: ${name.problem})`;
  return text || '(empty)';
}

/** Whitespace trimmed and collapsed, case folded: RFC 4518's insignificant-space and case rules, approximately. */
function folded(a: NameAttribute): string {
  const value = a.text ? a.value.trim().replace(/\s+/g, ' ').toLowerCase() : a.value;
  return `${a.type}=${value}`;
}

/**
 * Whether two Names are the same for chaining (RFC 5280 §7.1): equal DER, or
 * the same RDNs with each value equal apart from case and extra spaces. A
 * Name that was not read whole is the same only by its DER.
 */
export function sameName(a: DistinguishedName, b: DistinguishedName): boolean {
  if (sameBytes(a.der, b.der)) return true;
  const whole = (n: DistinguishedName): boolean => n.problem === undefined && n.unread === 0 && n.rdns.every((rdn) => rdn.every((x) => !x.cut));
  if (!whole(a) || !whole(b) || a.rdns.length !== b.rdns.length) return false;
  return a.rdns.every((rdn, i) => {
    const other = b.rdns[i] as NameAttribute[];
    if (rdn.length !== other.length) return false;
    const mine = rdn.map(folded).sort();
    const theirs = other.map(folded).sort();
    return mine.every((v, j) => v === theirs[j]);
  });
}
