// src/core/text/: reading and writing text the core is handed, below any idea
// of a token: strict base64url (base64url.ts), JSON text (this file is the
// entry: jsonScanner, jsonInspect, prettyJson, visibleText), JSON value copies
// (jsonValues.ts), markdown escaping (markdown.ts), numbers for messages
// (numberText.ts), bounded YAML (yamlLimits.ts, yamlRanges.ts) and the
// linear-time pattern engine (linearPattern.ts: patternSyntax,
// patternAutomaton, lazyDfa). Imports only base/.
//
// JSON inspection and display for token contents, which are hostile input.
// Everything here is a single forward pass over the ORIGINAL text with an
// explicit stack (no recursion, so 100 000-deep nesting cannot overflow), and
// accepts exactly what JSON.parse accepts. Working on the text rather than on
// a parsed value is what lets us see duplicate members (JSON.parse keeps only
// the last), keep big integers as written, and show escapes as they were.
//
// This file is the entry for JSON text; the work is in jsonScanner.ts (the
// tokenizer), jsonInspect.ts (inspectJson findings), prettyJson.ts (display
// and raw member values) and visibleText.ts (one value made safe to show).

import { deceptiveKindsOf, describeDeceptiveKinds } from '../base/deceptiveChars';

export { visibleText } from './visibleText';
export { inspectJson } from './jsonInspect';
export type { JsonInspection, InspectJsonOptions } from './jsonInspect';
export { MAX_RENDER_DEPTH, PRETTY_TRUNCATED_MARKER, prettyJson, rawTopLevelValues } from './prettyJson';
export type { PrettyJsonOptions } from './prettyJson';
export type { JsonSyntaxError } from './jsonScanner';

// Characters that can hide or disguise text when displayed: the one table in
// deceptiveChars.ts, so findings, escaping and refusals agree.

/** Human names for a kinds bitmask, most dangerous first. */
export const describeSuspiciousKinds = describeDeceptiveKinds;

/** Kinds bitmask for a plain string (0 when nothing needs escaping). */
export const suspiciousKindsOf = deceptiveKindsOf;
