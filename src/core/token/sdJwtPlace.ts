// Putting an SD-JWT's disclosures where their digests are (RFC 9901 §7.1,
// step 3 to 5): `_sd` arrays in objects at any depth for object properties,
// `{"...": digest}` entries for array elements, recursively inside disclosed
// values; digests no disclosure matches are dropped (undisclosed claims and
// decoys). Everything the RFC says a verifier rejects is reported instead of
// thrown: a digest met twice, a disclosure of the wrong shape for its place,
// a reserved or already present claim name. Works on trees over the source
// texts (text/jsonTree.ts), so the processed claims keep every value as
// written. Each payload node and each disclosure is visited at most once.

import type { RawArray, RawJson, RawMember, RawObject } from '../text/jsonTree';
import { rawString } from '../text/jsonTree';
import { visibleText } from '../text/json';

/** A disclosure as placement needs it: its digest and, when it decoded, its parts. */
export interface DisclosureParts {
  digest: string;
  /** `property`: [salt, name, value]; `element`: [salt, value]. */
  kind: 'property' | 'element';
  name?: string;
  /** The name as written in the disclosure, quotes included. */
  rawName?: string;
  value: RawJson;
}

export interface DisclosureOutcome {
  /** JSON Pointer of the place in the processed claims. */
  placedAt?: string;
  /** Why it was not placed although its digest was found. */
  refused?: string;
}

export interface Placement {
  processed: RawObject;
  /** Per disclosure (same order as given); undefined entries were never referenced. */
  outcomes: Array<DisclosureOutcome | undefined>;
  /** Digests no disclosure matched. */
  undisclosed: number;
  /** Problems of the issuer-signed payload itself (repeated digests, malformed `_sd`, nesting). */
  problems: PlacementProblem[];
}

export interface PlacementProblem {
  code: 'SD_DIGEST_REPEATED' | 'SD_JWT_FORMAT';
  /** A few words for the verdict line. */
  short: string;
  message: string;
}

/** Deeper than this, the processed claims are not built further (the input JSON texts are each bounded too). */
export const MAX_PLACEMENT_DEPTH = 64;
const MAX_PROBLEMS = 20;

function pointerPart(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A path for people: "/" for the top level, a JSON Pointer elsewhere, made visible and capped. */
export function shownPath(pointer: string): string {
  return pointer === '' ? '/ (top level)' : visibleText(pointer, 120);
}

/** The digest of an array entry that holds one (`{"...": "<digest>"}` and nothing else), or undefined. */
function slotDigest(item: RawJson): string | undefined {
  if (item.type !== 'object' || item.members.length !== 1) return undefined;
  const only = item.members[0] as RawMember;
  return only.name === '...' ? rawString(only.value) : undefined;
}

/**
 * The processed claims of an issuer-signed payload with these disclosures
 * (each given with its digest), and what became of each. `_sd_alg` is
 * removed from the top level, every `_sd` member everywhere.
 */
export function placeDisclosures(payload: RawObject, disclosures: readonly DisclosureParts[]): Placement {
  const byDigest = new Map<string, number>();
  disclosures.forEach((d, index) => {
    if (!byDigest.has(d.digest)) byDigest.set(d.digest, index);
  });
  const outcomes: Array<DisclosureOutcome | undefined> = new Array(disclosures.length).fill(undefined);
  const seen = new Set<string>();
  const problems: PlacementProblem[] = [];
  let undisclosed = 0;
  let tooDeep = false;
  const problem = (code: PlacementProblem['code'], short: string, message: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ code, short, message });
  };

  /** The disclosure a digest refers to, after the "met only once" rule; undefined when there is none. */
  const lookUp = (digest: string, at: string): number | undefined => {
    if (seen.has(digest)) {
      problem('SD_DIGEST_REPEATED', 'a digest appears twice in it', `The digest ${visibleText(digest, 60)} appears more than once (again at ${shownPath(at)}). RFC 9901 §7.1 rejects such an SD-JWT: one disclosure could be placed twice.`);
      return undefined;
    }
    seen.add(digest);
    const index = byDigest.get(digest);
    if (index === undefined) undisclosed++;
    return index;
  };

  const visit = (node: RawJson, at: string, depth: number): RawJson => {
    if (node.type !== 'object' && node.type !== 'array') return node;
    if (depth >= MAX_PLACEMENT_DEPTH) {
      if (!tooDeep) problem('SD_JWT_FORMAT', `its claims nest over ${MAX_PLACEMENT_DEPTH} levels`, `The claims are nested more than ${MAX_PLACEMENT_DEPTH} levels deep (at ${shownPath(at)}); disclosures below that are not placed.`);
      tooDeep = true;
      return node;
    }
    return node.type === 'object' ? visitObject(node, at, depth) : visitArray(node, at, depth);
  };

  const visitObject = (node: RawObject, at: string, depth: number): RawObject => {
    const members: RawMember[] = [];
    const names = new Set<string>();
    const digestLists: RawJson[] = [];
    for (const member of node.members) {
      if (member.name === '_sd') {
        digestLists.push(member.value);
        continue;
      }
      if (depth === 0 && member.name === '_sd_alg') continue;
      names.add(member.name);
      members.push({ ...member, value: visit(member.value, `${at}/${pointerPart(member.name)}`, depth + 1) });
    }
    for (const list of digestLists) {
      const digests = list.type === 'array' ? list.items.map(rawString) : [];
      if (list.type !== 'array' || digests.some((d) => d === undefined)) {
        problem('SD_JWT_FORMAT', 'an "_sd" member is not a list of digests', `The "_sd" member at ${shownPath(at)} is not an array of digest strings; it is ignored.`);
        continue;
      }
      for (const digest of digests as string[]) {
        const index = lookUp(digest, at);
        if (index === undefined) continue;
        const d = disclosures[index] as DisclosureParts;
        const outcome: DisclosureOutcome = {};
        outcomes[index] = outcome;
        if (d.kind !== 'property' || d.name === undefined || d.rawName === undefined) {
          outcome.refused = `it discloses an array element ([salt, value]), but its digest is in the "_sd" list of the object at ${shownPath(at)}`;
        } else if (d.name === '_sd' || d.name === '...') {
          outcome.refused = `its claim name "${d.name}" is reserved for digests`;
        } else if (d.name === '_sd_alg' && at === '') {
          outcome.refused = 'its claim name "_sd_alg" names the digest algorithm, which only the issuer-signed JWT sets';
        } else if (names.has(d.name)) {
          outcome.refused = `the object at ${shownPath(at)} already has a claim "${visibleText(d.name, 60)}"`;
        } else {
          names.add(d.name);
          const placedAt = `${at}/${pointerPart(d.name)}`;
          outcome.placedAt = placedAt;
          members.push({ rawName: d.rawName, name: d.name, value: visit(d.value, placedAt, depth + 1) });
        }
      }
    }
    return { type: 'object', members };
  };

  const visitArray = (node: RawArray, at: string, depth: number): RawArray => {
    const items: RawJson[] = [];
    for (const item of node.items) {
      const digest = slotDigest(item);
      if (digest === undefined) {
        items.push(visit(item, `${at}/${items.length}`, depth + 1));
        continue;
      }
      const index = lookUp(digest, `${at}/${items.length}`);
      if (index === undefined) continue;
      const d = disclosures[index] as DisclosureParts;
      const outcome: DisclosureOutcome = {};
      outcomes[index] = outcome;
      if (d.kind !== 'element') {
        outcome.refused = `it discloses an object property ([salt, name, value]), but its digest is an element of the array at ${shownPath(at)}`;
        continue;
      }
      const placedAt = `${at}/${items.length}`;
      outcome.placedAt = placedAt;
      items.push(visit(d.value, placedAt, depth + 1));
    }
    return { type: 'array', items };
  };

  const processed = visitObject(payload, '', 0);
  return { processed, outcomes, undisclosed, problems };
}
