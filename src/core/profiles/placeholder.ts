// The value a claim or embed parameter starts with when it is written for the
// first time: in a new profile's template and when a row is added in the Token
// Editor. One rule for both: the schema's own example, const, first enum member
// or default; else an empty value of its type.

import type { JsonSchema } from './presets';

/**
 * The starting value for a schema. `text` is what a string with nothing in the
 * schema starts as (`<name>` in a template, empty in the form). `kind` is the
 * form's field kind when the caller has one ('date' starts at 0, 'json' as an
 * empty list or object by the schema's type); otherwise the schema's first type decides.
 */
export function schemaPlaceholder(s: JsonSchema, text: string, kind?: string): unknown {
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (kind ?? type) {
    case 'integer':
    case 'number':
    case 'date': return 0;
    case 'boolean': return false;
    case 'array': return [];
    case 'object': return {};
    case 'json': return type === 'array' ? [] : {};
    default: return text;
  }
}
