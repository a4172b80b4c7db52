// Profiles the integration-code tests share: one per built-in preset (its
// new-profile template, with optional values that reach every kind of
// placeholder), profiles full of hostile text, and a workspace preset whose
// every text (name, docs, snippet name and text, header members) and key ids
// are written to break out of a comment or a string in some language.

import assert from 'node:assert/strict';
import { listPresets, newProfileTemplate } from '../../src/core/index';

/** Optional values that reach each kind of placeholder: optional sections, and values whose encoding changes them. */
const EXTRA: Record<string, string> = {
  acadio: '  go: "/courses/intro?unit=1&part=2"\n',
  'metabase-embed': '  theme: night\n  titled: false\n',
  'metabase-sso': '  returnTo: /dashboard/1\n',
  zendesk: '  returnTo: "https://acme.zendesk.com/hc/en-us?a=1"\n',
  grafana: '  slug: "sales & ops"\n',
  canny: '  redirect: "https://feedback.example.com/b/ideas"\n',
  featurebase: '  returnTo: "https://acme.featurebase.app/roadmap"\n',
  frameable: '',
};

/** A preset's new-profile template, with the optional values above (and, for generic, claims of every JSON type). */
export function presetProfile(presetId: string): string {
  const preset = listPresets().find((p) => p.id === presetId);
  assert.ok(preset);
  const template = newProfileTemplate(preset, 'k1');
  if (presetId === 'generic') return template.replace('claims: {}', 'registered:\n  nbf: true\n  jti: true\nclaims:\n  sub: user_42\n  iss: https://auth.example.com\n  aud: [api, web]\n  role: EDITOR\n  limits: { seats: 5, ratio: 0.5, trial: false, note: null }');
  return template + (EXTRA[presetId] ?? '');
}

/** Every way text has broken out of a string literal, an interpolation or a comment somewhere. */
export const HOSTILE = [
  `quote " single ' back \\ slash \\\\ two`,
  'line\nbreak\r\ncrlf\ttab',
  '${process.exit(9)} `${x}` #{exit 9} #@ivar #$global',
  '$HOME $var {$x} %s %d %v %n %%',
  '</script> ?> */ --> <!-- \' + "',
  'escape text: \\u000a \\u0022 \\n \\x41 \\U0001F600 \\0',
  'Zoë Ωmega 日本 😀 e\u0301',
  'bidi \u202e\u2066evil\u2069\u202c zero\u200bwidth \ufeff bom',
  'controls \u0000 \u0001 \u0008 \u000c \u001f \u007f \u0085 \u2028 \u2029',
];

/** A YAML double-quoted scalar of the text with every non-ASCII character escaped (JSON escapes are YAML escapes). */
export function yamlString(text: string): string {
  let out = '';
  for (const ch of JSON.stringify(text)) {
    const cp = ch.codePointAt(0) as number;
    out += cp < 0x7f ? ch : cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** Header text outside ASCII (jsonwebtoken cannot write it) and hostile ASCII header text (every library writes it). */
const HEADER_NON_ASCII = 'kid "${x}" #{y} $z \\ %s Zo\u00eb \u65e5\u672c \ud83d\ude00';
const HEADER_ASCII = 'kid "${x}" #{y} $z \\ %s */ ?> \\u000a';

export function hostileGenericProfile(options: { asciiHeader?: boolean } = {}): string {
  const kid = options.asciiHeader ? HEADER_ASCII : HEADER_NON_ASCII;
  const note = options.asciiHeader ? (HOSTILE[0] as string) : `${HOSTILE[0] as string} ${HOSTILE[6] as string}`;
  const lines = ['preset: generic', 'key: k1', 'ttl: 10m', 'registered:', '  nbf: true', '  jti: true', 'header:', `  kid: ${yamlString(kid)}`, `  x-note: ${yamlString(note)}`, 'claims:'];
  lines.push(`  sub: ${yamlString(HOSTILE.join(' | '))}`);
  HOSTILE.forEach((value, i) => {
    lines.push(`  ${yamlString(`name ${i} ${value}`)}: ${yamlString(value)}`);
  });
  lines.push(`  nested: { ${yamlString('k"${a}')}: [${HOSTILE.map(yamlString).join(', ')}], ${yamlString('#{b}')}: { ${yamlString('$c')}: null } }`);
  lines.push('  numbers: [0, -1, 1.5, 9007199254740991, 1e-7]');
  return `${lines.join('\n')}\n`;
}

export function hostileAcadioProfile(): string {
  // Acadio: the email is the function's parameter (the example's argument), the path after login a query value.
  const go = `/c/${HOSTILE.slice(0, 5).join(' ').replace(/[\r\n\t\\]/g, ' ')} Zoë \u202e end`;
  return [
    'preset: acadio',
    'key: k1',
    'claims:',
    `  email: ${yamlString(`ada+${HOSTILE[2]}@example.com ${HOSTILE[6]}`)}`,
    `  meta: { ${HOSTILE.map((v, i) => `${yamlString(`m${i} ${v}`)}: ${yamlString(v)}`).join(', ')} }`,
    `  groups: [1, ${yamlString(HOSTILE[1] as string)}]`,
    'embed:',
    '  domain: learn.example.com',
    `  go: ${yamlString(go)}`,
    '',
  ].join('\n');
}


/**
 * Text that ends a comment, or changes how a file is read, in one of the languages: each carries a payload that
 * would exit 7 (or stop the code compiling) if it got out.
 */
export const COMMENT_BREAKERS = {
  /** Python reads "coding:" on line 1 or 2 as the file's encoding (PEP 263); unicode_escape then reads "\\u000a" as a line break. */
  coding: 'coding: unicode_escape',
  escaped: '\\u000aimport os; os._exit(7) #',
  /** Closes a block comment (JS, Java, C#, Go, PHP). */
  block: '*/ process.exit(7); System.exit(7); exit(7); /*',
  /** PHP leaves code at ?>, even in a // comment. */
  php: '?><?php exit(7); ?>',
  /** Java reads \u000a as a line break before the lexer, comments included. */
  java: '\\u000a static { System.exit(7); } \\u002a/',
  /** Real line breaks: LF, CR, NEL (C#), U+2028 and U+2029 (JS, C#). */
  lines: '\n exit 7 \r process.exit(7) \u0085 System.exit(7); \u2028 os.Exit(7) \u2029 #{exit 7}',
};

/** A hostile preset's texts, or a plain twin's: the two differ only where the text goes into comments. */
export function hostilePreset(twin = false): string {
  const b = COMMENT_BREAKERS;
  const name = twin ? 'Plain vendor' : `Evil \u202e ${b.block} ${b.php} ${b.coding}`;
  const docs = twin ? 'https://docs.example.com/plain' : `https://x.example/${b.escaped}/?${b.java} ${b.lines} ${b.block}`;
  const snippet = twin ? 'plain' : `x ${b.block} ${b.php} ${b.java} ${b.lines}`;
  // Header members and the snippet text are data (string literals): hostile in both, ASCII (jsonwebtoken writes ASCII headers only).
  const member = 'x-"${a}" #{b} $c \\u000a */ ?> %s';
  return [
    'id: evil',
    `name: ${yamlString(name)}`,
    `docs: ${yamlString(docs)}`,
    'alg: { default: HS256, allowed: [HS256] }',
    'header:',
    '  kid: optional',
    '  members:',
    `    ${yamlString(member)}: { value: ${yamlString(`v${member} +AAo-`)} }`,
    'lifetime: { default: 5m }',
    'claims: { type: object }',
    'embed:',
    '  delivery: sdk',
    '  params: { type: object, properties: { a: { type: string } } }',
    '  snippets:',
    `    ${yamlString(snippet)}: ${yamlString('<script>var a = "$x" #y $z */ ?> \u2028 \\u000a +AAo- \u202e {a|html} {token|js}</script>\n// line2 `tpl $b` %s')}`,
    '',
  ].join('\n');
}

/** Key ids that would break out of a comment (they are in the file's top comment, and name the key's variable). */
export const HOSTILE_KEY_ID = `k1 ${COMMENT_BREAKERS.block} ${COMMENT_BREAKERS.php} ${COMMENT_BREAKERS.java} ${COMMENT_BREAKERS.escaped}`;

/** A profile of the hostile preset (or its twin), with a hostile key id (or a plain one naming the same variable). */
export function hostilePresetProfile(keyId: string): string {
  return ['preset: evil', `key: ${yamlString(keyId)}`, 'claims:', `  sub: ${yamlString('u1 +AAo- */ ?>')}`, 'embed:', `  a: ${yamlString('q"\'<>&`${x}#{y} +AAo-')}`, ''].join('\n');
}
