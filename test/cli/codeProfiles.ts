// Profiles the integration-code tests share: one per built-in preset (its
// new-profile template, with optional values that reach every kind of
// placeholder), and profiles full of hostile text.

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

export function hostileGenericProfile(): string {
  const lines = ['preset: generic', 'key: k1', 'ttl: 10m', 'registered:', '  nbf: true', '  jti: true', 'header:', `  kid: ${yamlString('kid "${x}" #{y} $z \\ %s')}`, `  x-note: ${yamlString(HOSTILE[0] as string)}`, 'claims:'];
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

