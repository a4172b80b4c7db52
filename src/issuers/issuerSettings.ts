// The `jwtStudio.trustedIssuers` setting as the extension uses it: each entry an issuer URL or
// `{ issuer, jwksUri?, audiences? }`, from user settings and, in a trusted workspace only, from workspace
// and folder settings. No vscode here: the rules are tested on plain Node, with the URL rules of the core
// passed in (the adapter passes tokenCore()'s).
import type { FetchableUrl, Result, TrustedIssuer } from '../core';
import { scopeValue, scopeWords, SETTING_SCOPES, type SettingScope, type SettingValues } from './issuerScopes';

export type { SettingScope, SettingValues } from './issuerScopes';
export { entryCount, scopeValue, scopeWords, SETTING_SCOPES } from './issuerScopes';

/** A trusted issuer as configured, with the settings that name it. */
export interface ConfiguredIssuer extends TrustedIssuer {
  /** The issuer's host (with its port), as the first fetch from it is confirmed. */
  host: string;
  /** The JWK Set URL as fetched (WHATWG form of `jwksUri`), when one is configured. */
  jwksHref?: string;
  scopes: SettingScope[];
}

/** An entry that could not be used, or a property that was ignored: shown in the log and the Keys view. */
export interface SettingProblem {
  scope: SettingScope;
  /** 0-based position in that scope's list; -1 when the value itself is not a list. */
  index: number;
  message: string;
}

export interface IssuerSettings {
  issuers: ConfiguredIssuer[];
  problems: SettingProblem[];
  /** Entries in workspace or folder settings that were not read because the workspace is not trusted. */
  ignoredUntrusted: number;
}

/** The core's URL rules (src/core/issuers/issuerUrl.ts). */
export interface IssuerUrlRules {
  parseIssuer(text: string): Result<{ issuer: string; url: FetchableUrl }>;
  fetchableUrl(text: string): Result<{ url: FetchableUrl }>;
}

/** At most this many issuers are used (the key cache holds as many). */
export const MAX_TRUSTED_ISSUERS = 50;
const MAX_AUDIENCES = 50;
const MAX_AUDIENCE_LENGTH = 2048;
const KNOWN_PROPERTIES = new Set(['issuer', 'jwksUri', 'audiences']);

/**
 * The issuers the settings trust. User entries come first, then workspace and folder ones (only when the
 * workspace is trusted: VS Code also ignores them then, through `restrictedConfigurations`, but older
 * versions do not). Entries naming the same issuer are one issuer; the most specific one's `jwksUri` and
 * `audiences` apply, as with any setting. Bad entries are reported and skipped, never thrown.
 */
export function readIssuerSettings(values: SettingValues, workspaceTrusted: boolean, rules: IssuerUrlRules): IssuerSettings {
  const byIssuer = new Map<string, ConfiguredIssuer>();
  const problems: SettingProblem[] = [];
  let ignoredUntrusted = 0;
  for (const scope of SETTING_SCOPES) {
    const value = scopeValue(values, scope);
    if (value === undefined || value === null) continue;
    if (scope !== 'global' && !workspaceTrusted) {
      ignoredUntrusted += Array.isArray(value) ? value.length : 1;
      continue;
    }
    if (!Array.isArray(value)) {
      problems.push({ scope, index: -1, message: `jwtStudio.trustedIssuers in ${scopeWords(scope)} is not a list; it is ignored.` });
      continue;
    }
    value.forEach((entry: unknown, index) => {
      const read = readEntry(entry, scope, rules);
      for (const message of read.notes) problems.push({ scope, index, message: `Entry ${index + 1} in ${scopeWords(scope)}: ${message}` });
      if (!read.issuer) return;
      const known = byIssuer.get(read.issuer.issuer);
      if (known) {
        // The more specific scope's options win; the issuer keeps its place in the list.
        const scopes = known.scopes.includes(scope) ? known.scopes : [...known.scopes, scope];
        byIssuer.set(read.issuer.issuer, { ...read.issuer, scopes });
        return;
      }
      if (byIssuer.size >= MAX_TRUSTED_ISSUERS) {
        problems.push({ scope, index, message: `Entry ${index + 1} in ${scopeWords(scope)}: at most ${MAX_TRUSTED_ISSUERS} issuers are trusted; ${read.issuer.issuer} is ignored.` });
        return;
      }
      byIssuer.set(read.issuer.issuer, read.issuer);
    });
  }
  return { issuers: [...byIssuer.values()], problems, ignoredUntrusted };
}

/** One entry: the issuer it trusts (or none), and sentences about what was wrong with it. */
function readEntry(entry: unknown, scope: SettingScope, rules: IssuerUrlRules): { issuer?: ConfiguredIssuer; notes: string[] } {
  if (typeof entry === 'string') {
    const parsed = rules.parseIssuer(entry);
    if (!parsed.ok) return { notes: [parsed.error.message] };
    return { issuer: { issuer: parsed.issuer, host: parsed.url.host, scopes: [scope] }, notes: [] };
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return { notes: ['an entry is an issuer URL or an object with "issuer" (and optionally "jwksUri", "audiences").'] };
  }
  const record = entry as Record<string, unknown>;
  const own = (name: string): unknown => (Object.hasOwn(record, name) ? record[name] : undefined);
  const notes: string[] = [];
  const issuerText = own('issuer');
  if (typeof issuerText !== 'string') return { notes: ['"issuer" is missing or not a string.'] };
  const parsed = rules.parseIssuer(issuerText);
  if (!parsed.ok) return { notes: [parsed.error.message] };
  const issuer: ConfiguredIssuer = { issuer: parsed.issuer, host: parsed.url.host, scopes: [scope] };
  const unknown = Object.keys(record).filter((name) => !KNOWN_PROPERTIES.has(name));
  if (unknown.length > 0) {
    // A misspelt "audiences" would silently accept any aud: say so.
    notes.push(`${unknown.slice(0, 5).map((name) => JSON.stringify(name.slice(0, 40))).join(', ')} ${unknown.length === 1 ? 'is not a property' : 'are not properties'} of an issuer entry and ${unknown.length === 1 ? 'is' : 'are'} ignored (the properties are "issuer", "jwksUri" and "audiences").`);
  }
  const jwksUri = own('jwksUri');
  if (jwksUri !== undefined) {
    if (typeof jwksUri !== 'string') return { notes: [...notes, '"jwksUri" is not a string; the entry is ignored.'] };
    const url = rules.fetchableUrl(jwksUri);
    if (!url.ok) return { notes: [...notes, `"jwksUri": ${url.error.message} The entry is ignored.`] };
    issuer.jwksUri = jwksUri;
    issuer.jwksHref = url.url.href;
  }
  const audiences = own('audiences');
  if (audiences !== undefined) {
    const list = Array.isArray(audiences) ? audiences : undefined;
    const valid = list?.every((a) => typeof a === 'string' && a.length > 0 && a.length <= MAX_AUDIENCE_LENGTH) ?? false;
    if (!list || !valid || list.length === 0 || list.length > MAX_AUDIENCES) {
      // Ignoring the entry is safer than dropping the audience check it asked for.
      return { notes: [...notes, `"audiences" must be a list of 1 to ${MAX_AUDIENCES} non-empty strings; the entry is ignored.`] };
    }
    issuer.audiences = [...new Set(list as string[])];
  }
  return { issuer, notes };
}

/** The list a scope holds with every entry naming `issuer` left out (for Remove); undefined when nothing is left. */
export function withoutIssuer(value: unknown, issuer: string): unknown[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const kept = value.filter((entry: unknown) => entryIssuer(entry) !== issuer);
  return kept.length > 0 ? kept : undefined;
}

/** Whether a scope's list holds an entry naming `issuer` exactly. */
export function scopeHolds(value: unknown, issuer: string): boolean {
  return Array.isArray(value) && value.some((entry: unknown) => entryIssuer(entry) === issuer);
}

function entryIssuer(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (typeof entry === 'object' && entry !== null && Object.hasOwn(entry, 'issuer')) {
    const issuer = (entry as { issuer?: unknown }).issuer;
    return typeof issuer === 'string' ? issuer : undefined;
  }
  return undefined;
}
