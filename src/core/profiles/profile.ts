// The core's profiles domain: vendor presets and `*.jwt.yaml` profiles.
//
// This file is the folder's entry for profiles: `parseProfile`. A profile is a
// token recipe with no secrets, only a key-ring id. Parsing never throws and
// keeps going past problems, so the editor can show every diagnostic at once,
// each at the exact YAML range it is about.
//
// Files: presets.ts (preset types, listPresets, checkPreset) with
// schemaValidation.ts (ajv and claim problems in words); builtinPresets.ts (the
// presets/*.json data); profileTypes.ts (Profile, ProfileParse, ProfileKeyInfo);
// profileRead.ts and profileReadSections.ts (one reader per property);
// profileMembers.ts (prototype-safe members); keyFit.ts (which key fits a
// preset); placeholder.ts (a schema's starting value); tokenRequest.ts
// (buildTokenRequest); template.ts (newProfileTemplate); completions.ts
// (completions and hovers); embedTemplate.ts and embedFill.ts (parsing and
// filling URL / snippet templates) with embed.ts (renderEmbed); ttl.ts.

import { isMap } from 'yaml';
import { isPlainObject } from '../base/guards';
import { limitDiagnostic, parseYaml, yamlDiagnostics } from '../text/yamlLimits';
import { nodeRange, rangeFor } from '../text/yamlRanges';
import type { ProfileDiagnostic, Range } from '../text/yamlRanges';
import { listPresets } from './presets';
import type { Profile, ProfileContext, ProfileParse } from './profileTypes';
import { PROFILE_PROPERTIES } from './profileTypes';
import { ownMembers } from './profileMembers';
import type { ProfileReader } from './profileRead';
import { readEncrypt, readKey, readPreset, readRegistered, readTtl } from './profileRead';
import { readClaims, readEmbed, readHeader, readPrototypeMembers } from './profileReadSections';

export type { Profile, ProfileContext, ProfileKeyInfo, ProfileParse } from './profileTypes';
export { PROFILE_PROPERTIES } from './profileTypes';
export type { TokenRequest } from './tokenRequest';
export { buildTokenRequest } from './tokenRequest';
export { newProfileTemplate } from './template';

const MAX_PROFILE_CHARS = 1_000_000;

/** Parses a profile against its preset and the key ring's public index; diagnostics carry [start, end) offsets; never throws. */
export function parseProfile(text: string, options: ProfileContext = {}): ProfileParse {
  const profile: Profile = { header: ownMembers(undefined), claims: ownMembers(undefined), embed: ownMembers(undefined), registered: ownMembers(undefined) };
  const diagnostics: ProfileDiagnostic[] = [];
  try {
    return parseUnchecked(String(text ?? ''), options, profile, diagnostics);
  } catch {
    diagnostics.push({ start: 0, end: 0, severity: 'error', code: 'INTERNAL', message: 'This profile could not be read; check the YAML.' });
    return { profile, diagnostics };
  }
}

function parseUnchecked(text: string, options: ProfileContext, profile: Profile, diagnostics: ProfileDiagnostic[]): ProfileParse {
  const add = (range: Range, severity: ProfileDiagnostic['severity'], code: string, message: string): void => {
    diagnostics.push({ start: range[0], end: range[1], severity, code, message });
  };
  if (text.length > MAX_PROFILE_CHARS) {
    add([0, 0], 'error', 'TOO_LARGE', 'This profile is over 1 MB; a token recipe should be a few lines.');
    return { profile, diagnostics };
  }
  // Bounded: a file over the node, depth, alias or token limits is refused before yaml builds a document from it.
  const parsed = parseYaml(text, { prettyErrors: false, uniqueKeys: true, what: 'profile' });
  if (!parsed.ok) {
    diagnostics.push(limitDiagnostic(text, parsed.hit));
    return { profile, diagnostics };
  }
  const doc = parsed.doc;
  diagnostics.push(...yamlDiagnostics(text, doc.errors, 'error', 'YAML_SYNTAX'), ...yamlDiagnostics(text, doc.warnings, 'warning', 'YAML_WARNING'));

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    add([0, 0], 'error', 'YAML_SYNTAX', e instanceof Error ? e.message.split('\n')[0] ?? '' : 'Unreadable YAML.');
    return { profile, diagnostics };
  }
  if (data === null || data === undefined) {
    add([0, 0], 'error', 'PRESET_MISSING', 'An empty profile: start with `preset:` (a vendor such as activepieces, or generic).');
    return { profile, diagnostics };
  }
  if (!isPlainObject(data) || !isMap(doc.contents)) {
    add(nodeRange(doc.contents) ?? [0, text.length], 'error', 'NOT_A_MAPPING', 'A profile is a YAML mapping of preset, key, ttl, claims, embed.');
    return { profile, diagnostics };
  }
  const reader: ProfileReader = { top: data, doc, profile, add, at: (path, prefer = 'value') => rangeFor(doc, path, prefer) };

  for (const name of Object.keys(data)) {
    if (!(PROFILE_PROPERTIES as readonly string[]).includes(name)) {
      add(reader.at([name], 'key'), 'warning', 'UNKNOWN_PROPERTY', `"${name}" is not a profile property; known: ${PROFILE_PROPERTIES.join(', ')}.`);
    }
  }
  const preset = readPreset(reader, options.presets ?? listPresets());
  const keyInfo = readKey(reader, preset, options.keys);
  readTtl(reader, preset);
  readRegistered(reader, preset);
  readHeader(reader, preset, keyInfo);
  readClaims(reader, preset);
  readEmbed(reader, preset);
  readEncrypt(reader, options.keys);
  readPrototypeMembers(reader);

  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
  return { profile, preset, diagnostics, document: doc };
}
