// A new profile for a preset: every required claim and embed parameter with a
// placeholder, commented from the schema descriptions.

import { isPlainObject } from '../base/guards';
import { flowText, scalarText } from '../text/yamlWrite';
import type { JsonSchema, Preset } from './presets';
import { schemaPlaceholder } from './placeholder';
import { formatTtl } from './ttl';

/** A starting profile for a preset: every required claim and embed parameter with a placeholder, commented from the schema descriptions. */
export function newProfileTemplate(preset: Preset, keyId = 'your-key-id'): string {
  const lines: string[] = [];
  lines.push(`# ${preset.name}${preset.docs ? ` — ${preset.docs}` : ''}`);
  if (preset.lifetime.guidance) lines.push(`# ${preset.lifetime.guidance}`);
  lines.push(`preset: ${preset.id}`);
  lines.push(`key: ${scalarText(keyId)}          # a key-ring id; its algorithm must be ${preset.alg.allowed.join(' or ')}`);
  lines.push(`ttl: ${typeof preset.lifetime.default === 'number' ? formatTtl(preset.lifetime.default) : preset.lifetime.default}`);
  const claimLines = requiredLines(preset.claims, 1);
  lines.push(claimLines.length ? 'claims:' : 'claims: {}');
  lines.push(...claimLines);
  if (preset.embed?.params) {
    const embedLines = requiredLines(preset.embed.params, 1);
    if (embedLines.length) lines.push('embed:', ...embedLines);
  }
  return `${lines.join('\n')}\n`;
}

function requiredLines(schema: JsonSchema, depth: number): string[] {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  const out: string[] = [];
  const pad = '  '.repeat(depth);
  for (const name of required) {
    const s = props[name] ?? {};
    const desc = typeof s.description === 'string' ? s.description : undefined;
    if (desc) out.push(`${pad}# ${desc.replace(/\s+/g, ' ')}`);
    const value = schemaPlaceholder(s, `<${name}>`);
    if (isPlainObject(value) && Object.keys(value).length) {
      out.push(`${pad}${name}:`);
      for (const [k, v] of Object.entries(value)) out.push(`${pad}  ${k}: ${flowText(v)}`);
    } else out.push(`${pad}${name}: ${flowText(value)}`);
  }
  return out;
}
