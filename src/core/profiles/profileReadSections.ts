// Readers for the sections of a profile that go into the token or the URL:
// header, claims and embed, each checked against the preset (claims and embed
// parameters with its JSON Schemas), and the walk for members that would reach
// a prototype at any depth of them.

import { isMap, isScalar } from 'yaml';
import { isPlainObject } from '../base/guards';
import { nodeRange } from '../text/yamlRanges';
import type { Range } from '../text/yamlRanges';
import type { JsonSchema, Preset } from './presets';
import { schemaProblems } from './presets';
import type { ProfileKeyInfo } from './profileTypes';
import type { ProfileReader } from './profileRead';
import { ownMembers, PROTOTYPE_NAMES, prototypeKeys } from './profileMembers';

/** Header members JOSE gives a meaning the profile must not set (the key and the signer decide them). */
const REFUSED_HEADER_MEMBERS: readonly string[] = ['alg', 'crit', 'b64', 'jku', 'x5u', 'jwk', 'x5c', 'enc', 'zip'];

/** `header`: extra header members, without the refused ones; the preset's kid rule and guidance. */
export function readHeader(r: ProfileReader, preset: Preset | undefined, keyInfo: ProfileKeyInfo | undefined): void {
  const { top, add, at, profile } = r;
  if (top.header !== undefined) {
    if (!isPlainObject(top.header)) add(at(['header']), 'error', 'HEADER_INVALID', '`header` is a mapping of extra header members, such as kid.');
    else {
      profile.header = ownMembers(top.header);
      for (const name of Object.keys(top.header)) {
        if (PROTOTYPE_NAMES.includes(name)) {
          add(at(['header', name], 'key'), 'error', 'HEADER_REFUSED', `"${name}" is refused in headers: code that merges the header into an object would reach a prototype through it, and every header would then inherit its members (alg: none, jku). Remove it.`);
          delete profile.header[name];
        } else if (REFUSED_HEADER_MEMBERS.includes(name)) {
          add(at(['header', name], 'key'), 'error', 'HEADER_REFUSED', name === 'alg' ? 'The algorithm comes from the key: set `alg` at the top level or pick another key.' : `"${name}" is refused in signed JWT headers.`);
          delete profile.header[name];
        }
      }
      if (preset?.header?.kid === 'forbidden' && Object.hasOwn(top.header, 'kid')) add(at(['header', 'kid'], 'key'), 'warning', 'KID_FORBIDDEN', `${preset.name} takes no kid; it is left out of the header.`);
    }
  }
  // Where the kid comes from matters only while the key's kid is one made up for it (a thumbprint or random).
  if (preset?.header?.kid === 'required' && preset.header.kidGuidance && !Object.hasOwn(profile.header, 'kid') && top.key !== undefined && keyInfo?.kidGiven !== true) {
    add(at(['key']), 'info', 'KID_GUIDANCE', preset.header.kidGuidance);
  }
}

/** `claims`: checked against the preset's claims schema, its hints and the header members taken from claims. */
export function readClaims(r: ProfileReader, preset: Preset | undefined): void {
  const { top, add, at, profile } = r;
  const claimsRange = (): Range => (top.claims !== undefined ? at(['claims'], 'key') : [0, 0]);
  if (top.claims !== undefined && top.claims !== null && !isPlainObject(top.claims)) {
    add(at(['claims']), 'error', 'CLAIMS_INVALID', '`claims` is a mapping of claim names to values.');
    return;
  }
  profile.claims = ownMembers(isPlainObject(top.claims) ? top.claims : undefined);
  for (const name of ['iat', 'exp', 'nbf'] as const) {
    if (Object.hasOwn(profile.claims, name) && preset?.registeredClaims?.[name]?.add) {
      add(at(['claims', name], 'key'), 'warning', 'CLAIM_GENERATED', `${name} is set at signing time from ttl; this value replaces it.`);
    }
  }
  if (!preset) return;
  for (const p of schemaProblems(preset.claims, profile.claims)) {
    const path = ['claims', ...p.segments];
    const range = p.anchor ? at(['claims', ...p.anchor], 'key') : p.code === 'CLAIM_MISSING' ? (p.segments.length > 1 ? at(path.slice(0, -1), 'key') : claimsRange()) : p.code === 'CLAIM_UNKNOWN' ? at(path, 'key') : at(path);
    add(range, p.code === 'CLAIM_UNKNOWN' ? 'warning' : 'error', p.code, p.message);
  }
  for (const h of preset.hints ?? []) {
    if (Object.hasOwn(profile.claims, h.claim)) add(at(['claims', h.claim], 'key'), 'info', 'VENDOR_HINT', h.message);
  }
  for (const [name, rule] of Object.entries(preset.header?.members ?? {})) {
    if (rule.required && rule.fromClaim && !Object.hasOwn(profile.claims, rule.fromClaim) && !Object.hasOwn(profile.header, name)) {
      add(claimsRange(), 'error', 'HEADER_MEMBER_MISSING', `The header needs "${name}"${rule.description ? ` (${rule.description})` : ''}: set claims.${rule.fromClaim}.`);
    }
  }
}

/** `embed`: the embed parameters, checked against the preset's embed schema. */
export function readEmbed(r: ProfileReader, preset: Preset | undefined): void {
  const { top, add, at, profile } = r;
  if (top.embed === undefined || top.embed === null) return;
  if (!isPlainObject(top.embed)) {
    add(at(['embed']), 'error', 'EMBED_INVALID', '`embed` is a mapping of embed parameters, such as instanceUrl.');
    return;
  }
  profile.embed = ownMembers(top.embed);
  if (preset && !preset.embed) add(at(['embed'], 'key'), 'warning', 'EMBED_UNUSED', `${preset.name} has no embed URL or snippet; these values are not used.`);
  else if (preset?.embed?.params) {
    for (const p of schemaProblems(preset.embed.params as JsonSchema, profile.embed, 'embed parameter')) {
      const path = ['embed', ...p.segments];
      const range = p.code === 'CLAIM_MISSING' ? at(['embed'], 'key') : p.code === 'CLAIM_UNKNOWN' ? at(path, 'key') : at(path);
      add(range, 'error', p.code.replace('CLAIM_', 'EMBED_'), p.message);
    }
  }
}

/** Members that reach prototypes, at any depth of what goes into a token or URL. */
export function readPrototypeMembers(r: ProfileReader): void {
  const { doc, add } = r;
  for (const section of ['header', 'claims', 'embed'] as const) {
    const pair = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === section) : undefined;
    for (const found of prototypeKeys(pair?.value, section === 'header')) {
      const range = nodeRange(found.key) ?? [0, 0];
      const name = found.name;
      if (name === '__proto__') {
        add(range, 'error', section === 'header' ? 'HEADER_REFUSED' : section === 'claims' ? 'CLAIM_REFUSED' : 'EMBED_REFUSED',
          `"__proto__" is refused in ${section === 'embed' ? 'embed parameters' : `the ${section}`}: code that merges ${section === 'embed' ? 'these values' : `the ${section}`} into an object would turn it into the object's prototype. Rename or remove it.`);
      } else {
        add(range, 'warning', 'PROTOTYPE_MEMBER',
          `"constructor" holding "prototype" lets code that deep-merges ${section === 'embed' ? 'these values' : `the ${section}`} into an object change Object.prototype; rename it unless the receiver needs it.`);
      }
    }
  }
}
