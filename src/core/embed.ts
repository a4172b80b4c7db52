// Embed URLs and snippets from a preset's templates: parameters are checked
// against the preset's schema, then every value is encoded for where it lands.

import type { Result } from './types';
import type { Preset } from './presets';
import { schemaProblems } from './presets';
import { fillTemplate, parseTemplate, TemplateValueError } from './embedTemplate';
import type { TemplatePart } from './embedTemplate';

export interface RenderedEmbed {
  url?: string;
  snippets: Record<string, string>;
  /** The host the token is sent to, so the adapter can confirm the first send to a new host. */
  host?: string;
  /** Snippets left out because a value they need is missing, with the reason. */
  skipped: Record<string, string>;
}

const parsedTemplates = new Map<string, ReturnType<typeof parseTemplate>>();
function parsed(template: string): ReturnType<typeof parseTemplate> {
  let p = parsedTemplates.get(template);
  if (!p) {
    p = parseTemplate(template);
    if (parsedTemplates.size > 256) parsedTemplates.clear();
    parsedTemplates.set(template, p);
  }
  return p;
}

function fail(message: string): { ok: false; error: { code: 'EMBED_INVALID'; message: string } } {
  return { ok: false, error: { code: 'EMBED_INVALID', message } };
}

/** The embed URL (token included where the vendor wants it), snippets and the receiving host; refuses values that would move the URL elsewhere; never throws. */
export function renderEmbed(preset: Preset, embedValues: Record<string, unknown> | undefined, token: string): Result<RenderedEmbed> {
  const embed = preset.embed;
  if (!embed) return fail(`The ${preset.name} preset has no embed URL or snippet.`);
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  // Schema defaults first (bordered=true …), then the profile's own values.
  const props = (embed.params?.properties ?? {}) as Record<string, { default?: unknown }>;
  for (const [name, schema] of Object.entries(props)) if (schema.default !== undefined) values[name] = schema.default;
  for (const [name, v] of Object.entries(embedValues ?? {})) values[name] = v;
  if (embed.params) {
    const problems = schemaProblems(embed.params, { ...values }, 'embed parameter');
    if (problems.length) return fail(problems.map((p) => p.message).join(' '));
  }
  if (typeof token !== 'string' || token.length === 0) return fail('There is no token to embed yet: sign one first.');
  values.token = token;
  const hosts = new Set<string>();
  const run = (template: string, extraHosts: Set<string>): string => {
    const p = parsed(template);
    if (!p.ok) throw new TemplateValueError('', `The preset's template is broken: ${p.message}`);
    return fillTemplate(p.parts as TemplatePart[], values, extraHosts);
  };
  try {
    const out: RenderedEmbed = { snippets: {}, skipped: {} };
    if (embed.url) {
      out.url = run(embed.url, hosts);
      values.url = out.url;
      try {
        out.host = new URL(out.url).host;
      } catch {
        return fail('The embed URL template does not produce an absolute URL.');
      }
    }
    for (const [name, template] of Object.entries(embed.snippets ?? {})) {
      try {
        out.snippets[name] = run(template, hosts);
      } catch (e) {
        // A missing optional value only drops this snippet; a refused value fails the whole render.
        if (e instanceof TemplateValueError && e.message.endsWith('has no value.')) out.skipped[name] = e.message;
        else throw e;
      }
    }
    out.host ??= [...hosts][0];
    return { ok: true, ...out };
  } catch (e) {
    if (e instanceof TemplateValueError) return fail(e.message);
    return fail('The embed template could not be filled.');
  }
}
