// Every YAML parse in the core goes through here. Profiles and presets come
// from the workspace, so a file is read by yaml's lexer and parser one token
// at a time while the tokens, values, aliases and nesting are counted; the
// first limit crossed stops the parse before yaml builds a document from it.
// What passes is at most a few tens of thousands of tokens, so composing it,
// checking its keys and converting it to data stay proportional to the text.

import { Composer, Lexer, LineCounter, Parser, YAMLParseError, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { CST, Document, DocumentOptions, ParseOptions, SchemaOptions, YAMLError, YAMLWarning } from 'yaml';
import { lineRangeAt } from './yamlRanges';
import type { ProfileDiagnostic } from './yamlRanges';
import { withThousands } from './numberText';

export interface YamlLimits {
  /** Collections open at once (flow `[`/`{`, block mappings and sequences). */
  maxDepth: number;
  /** Keys and values: scalars, aliases and flow collections (a block collection is counted by its keys and items). */
  maxNodes: number;
  /** `*alias` references. */
  maxAliases: number;
  /** Lexical tokens of any kind, including line breaks, spaces and comments. */
  maxTokens: number;
  /** Lines: counted before anything is lexed, since yaml's lexer spends more on a blank line than on most tokens. */
  maxLines: number;
  /** Tokens the parser could not place (each becomes an error object, which costs more than parsing it). */
  maxErrors: number;
}

/**
 * The bounds for profiles. A profile is a few dozen lines; these sit far above
 * that and below where parsing, checking and the Token Editor's model of the
 * largest accepted profile would pass 100 ms (see bench/parse.bench.ts).
 */
export const YAML_LIMITS: Readonly<YamlLimits> = Object.freeze({
  maxDepth: 64,
  maxNodes: 8_000,
  maxAliases: 100,
  maxTokens: 40_000,
  maxLines: 40_000,
  maxErrors: 1_000,
});

/**
 * The bounds for presets, tighter because a preset's schemas are compiled:
 * ajv's cost grows faster than the schema (an `anyOf` of many branches). The
 * largest built-in preset has about 250 keys and values and 1 000 tokens.
 */
export const PRESET_YAML_LIMITS: Readonly<YamlLimits> = Object.freeze({
  maxDepth: 64,
  maxNodes: 2_000,
  maxAliases: 100,
  maxTokens: 12_000,
  maxLines: 12_000,
  maxErrors: 1_000,
});

/** What `toJS` may expand: yaml counts each alias by the size of what it repeats. */
export const MAX_ALIAS_EXPANSION = 100;

export type YamlLimitName = keyof YamlLimits;

export interface YamlLimitHit {
  limit: YamlLimitName;
  /** The bound that was crossed. */
  max: number;
  /** Where it was crossed. */
  offset: number;
  /** Says which limit, where, and what to do instead. */
  message: string;
}

export type YamlParseOptions = ParseOptions & DocumentOptions & SchemaOptions & {
  /** What the text is, for messages: "profile", "preset". */
  what?: string;
  limits?: YamlLimits;
};

export type BoundedYaml =
  | { ok: true; doc: Document.Parsed; lineCounter: LineCounter }
  | { ok: false; hit: YamlLimitHit; lineCounter: LineCounter };

const SCALAR_MARK = 0x1f; // yaml's lexer puts this before every plain and block scalar

/**
 * `parseDocument` with bounds: ok:false (never a throw, never a partial
 * document) when the text crosses one of the limits. Duplicate keys are found
 * with one Set per mapping instead of yaml's pairwise comparison, and reported
 * exactly as yaml does (`DUPLICATE_KEY`, "Map keys must be unique"). With
 * `prettyErrors`, messages read as yaml's (position, then the line with a
 * pointer), formatted without rescanning the whole line for each error.
 */
export function parseYaml(text: string, options: YamlParseOptions = {}): BoundedYaml {
  // yaml makes an Error object per problem; capturing a stack for each costs more than the parse
  // (thousands of problems in a hostile file), and the stacks are never shown.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseBounded(text, options);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function parseBounded(text: string, options: YamlParseOptions): BoundedYaml {
  const { what = 'file', limits = YAML_LIMITS, prettyErrors = true, uniqueKeys = true, lineCounter: givenCounter, ...rest } = options;
  const lineCounter = givenCounter ?? new LineCounter();
  const lexer = new Lexer();
  const parser = new Parser(lineCounter.addNewLine);
  let hit: YamlLimitHit | undefined;
  let tokens = 0;
  let nodes = 0;
  let aliases = 0;
  let errors = 0;
  let firstError: CST.ErrorToken | undefined;
  const stop = (limit: YamlLimitName, offset: number): void => {
    hit = { limit, max: limits[limit], offset, message: limitMessage(what, limit, limits[limit], lineCounter.linePos(offset).line) };
    if (limit === 'maxErrors' && firstError) hit.message += ` The first, on line ${lineCounter.linePos(firstError.offset).line}: ${firstError.message}.`;
  };

  // A line break after line maxLines starts one line too many.
  let lineBreak = -1;
  for (let n = 0; n < limits.maxLines && lineBreak < text.length; n++) {
    lineBreak = text.indexOf('\n', lineBreak + 1);
    if (lineBreak < 0) lineBreak = text.length;
  }
  // Past the last allowed line there is still text (a final line break alone ends the last line).
  if (lineBreak < text.length - 1) {
    const message = limitMessage(what, 'maxLines', limits.maxLines, limits.maxLines + 1);
    return { ok: false, hit: { limit: 'maxLines', max: limits.maxLines, offset: lineBreak, message }, lineCounter };
  }

  function* cst(): Generator<CST.Token> {
    lineCounter.addNewLine(0);
    let scalarNext = false;
    for (const lexeme of lexer.lex(text)) {
      if (++tokens > limits.maxTokens) return stop('maxTokens', parser.offset);
      // The lexeme after a scalar mark is the scalar's own text, whatever its first character.
      if (scalarNext) scalarNext = false;
      else {
        const c = lexeme.charCodeAt(0);
        if (c === SCALAR_MARK) {
          scalarNext = true;
          nodes++;
        } else if (c === 0x2a /* * */) {
          nodes++;
          if (++aliases > limits.maxAliases) return stop('maxAliases', parser.offset);
        } else if (c === 0x22 /* " */ || c === 0x27 /* ' */ || ((c === 0x5b /* [ */ || c === 0x7b /* { */) && lexeme.length === 1)) {
          nodes++;
        }
        if (nodes > limits.maxNodes) return stop('maxNodes', parser.offset);
      }
      for (const token of parser.next(lexeme)) {
        if (token.type === 'error') {
          firstError ??= token;
          if (++errors > limits.maxErrors) return stop('maxErrors', token.offset);
        }
        yield token;
      }
      // The parser's stack holds the document, each open collection and the scalar being read, if any.
      if (parser.stack.length > limits.maxDepth + 1 && openCollections(parser.stack) > limits.maxDepth) return stop('maxDepth', parser.offset);
    }
    yield* parser.end();
  }

  const composer = new Composer({ ...rest, uniqueKeys: false });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(cst(), true, text.length)) {
    if (hit) break;
    if (!doc) doc = next;
    else {
      if (next.options.logLevel !== 'silent') doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  if (hit || !doc) return { ok: false, hit: hit ?? { limit: 'maxTokens', max: limits.maxTokens, offset: 0, message: `This ${what} could not be read.` }, lineCounter };
  if (uniqueKeys !== false) addDuplicateKeyErrors(doc);
  if (prettyErrors) for (const e of [...doc.errors, ...doc.warnings]) prettify(text, lineCounter, e);
  return { ok: true, doc, lineCounter };
}

/**
 * yaml's own `prettifyError` (position, then the line with a pointer), with the
 * line cut to its 80 shown characters before it is searched: yaml trims a
 * whole line with a regex once per error, quadratic on one long line.
 */
function prettify(src: string, lc: LineCounter, error: YAMLParseError | YAMLWarning): void {
  if (error.pos[0] === -1) return;
  error.linePos = [lc.linePos(error.pos[0]), lc.linePos(error.pos[1])];
  const { line, col } = error.linePos[0];
  error.message += ` at line ${line}, column ${col}`;
  let ci = col - 1;
  const lineStart = lc.lineStarts[line - 1] ?? 0;
  const lineEnd = lc.lineStarts[line] ?? src.length;
  let lineStr = lineWithoutBreak(src, lineStart, Math.min(lineEnd, lineStart + ci + 81));
  const fullLength = lineEnd - lineStart;
  if (ci >= 60 && fullLength > 80) {
    lineStr = lineWithoutBreak(src, lineStart, lineEnd > lineStart + ci + 81 ? lineStart + ci + 81 : lineEnd);
    const trimStart = Math.min(ci - 39, lineStr.length - 79);
    lineStr = '…' + lineStr.substring(trimStart);
    ci -= trimStart - 1;
  }
  if (lineStr.length > 80) lineStr = lineStr.substring(0, 79) + '…';
  if (line > 1 && isSpaces(lineStr, ci)) {
    const prevStart = lc.lineStarts[line - 2] ?? 0;
    let prev = src.substring(prevStart, Math.min(lineStart, prevStart + 81));
    if (lineStart - prevStart > 80) prev = prev.substring(0, 79) + '…\n';
    lineStr = prev + lineStr;
  }
  if (!isSpaces(lineStr, lineStr.length)) {
    let count = 1;
    const end = error.linePos[1];
    if (end.line === line && end.col > col) count = Math.max(1, Math.min(end.col - col, 80 - ci));
    error.message += `:\n\n${lineStr}\n${' '.repeat(ci)}${'^'.repeat(count)}\n`;
  }
}

/** src[start, end) without the line break characters at its end. */
function lineWithoutBreak(src: string, start: number, end: number): string {
  let e = end;
  while (e > start && (src.charCodeAt(e - 1) === 10 || src.charCodeAt(e - 1) === 13)) e--;
  return src.substring(start, e);
}

function isSpaces(s: string, upTo: number): boolean {
  for (let i = 0; i < upTo && i < s.length; i++) if (s.charCodeAt(i) !== 32) return false;
  return true;
}

function openCollections(stack: readonly CST.Token[]): number {
  let n = 0;
  for (const t of stack) if (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection') n++;
  return n;
}

function limitMessage(what: string, limit: YamlLimitName, max: number, line: number): string {
  const n = withThousands(max);
  switch (limit) {
    case 'maxDepth':
      return `This ${what} nests collections more than ${n} levels deep (line ${line}); it was not read. Flatten the YAML: a few levels are enough.`;
    case 'maxNodes':
      return `This ${what} has more than ${n} keys and values (line ${line}); it was not read. Split it up or remove what is not needed.`;
    case 'maxAliases':
      return `This ${what} uses more than ${n} aliases (*name) (line ${line}); it was not read. Write the values out instead of repeating them through aliases.`;
    case 'maxLines':
      return `This ${what} has more than ${n} lines (line ${line}); it was not read. Remove blank lines, comments or values that are not needed.`;
    case 'maxErrors':
      return `This ${what} has more than ${n} YAML syntax errors (line ${line}); it was not read.`;
    default:
      return `This ${what} has more than ${n} YAML tokens (values, indicators, line breaks and comments) (line ${line}); it was not read. Remove blank lines, comments or values that are not needed.`;
  }
}

/** yaml's DUPLICATE_KEY check, linear: scalar keys compared by value (===), as yaml does; other keys never repeat. */
function addDuplicateKeyErrors(doc: Document.Parsed): void {
  const found: YAMLParseError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          const v = key.value;
          const comparable = v === null || (typeof v !== 'object' && typeof v !== 'function' && !Number.isNaN(v));
          if (comparable) {
            if (seen.has(v)) {
              const at = key.range?.[0] ?? 0;
              found.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
            } else seen.add(v);
          }
        }
        stack.push(pair.value, pair.key);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isPair(node)) {
      stack.push(node.value, node.key);
    }
  }
  if (found.length === 0) return;
  // Keep yaml's own errors in their order, each duplicate before the first error that comes after it.
  found.sort((a, b) => a.pos[0] - b.pos[0]);
  const merged: YAMLParseError[] = [];
  let i = 0;
  for (const e of doc.errors) {
    while (i < found.length && (found[i] as YAMLParseError).pos[0] < e.pos[0]) merged.push(found[i++] as YAMLParseError);
    merged.push(e);
  }
  while (i < found.length) merged.push(found[i++] as YAMLParseError);
  doc.errors = merged;
}

// ---------------------------------------------------------------- diagnostics

/** YAML errors (or warnings) listed per file; the rest are counted in one more diagnostic. */
export const MAX_YAML_DIAGNOSTICS = 100;

/** A limit hit as a diagnostic on the line where it was crossed. */
export function limitDiagnostic(text: string, hit: YamlLimitHit): ProfileDiagnostic {
  const [start, end] = lineRangeAt(text, hit.offset);
  return { start, end, severity: 'error', code: 'YAML_LIMIT', message: hit.message };
}

/** yaml's errors or warnings as diagnostics on their lines, first line of each message, at most MAX_YAML_DIAGNOSTICS. */
export function yamlDiagnostics(text: string, problems: ReadonlyArray<YAMLError>, severity: ProfileDiagnostic['severity'], code: string): ProfileDiagnostic[] {
  const out: ProfileDiagnostic[] = [];
  for (const e of problems.slice(0, MAX_YAML_DIAGNOSTICS)) {
    const [start, end] = lineRangeAt(text, e.pos[0]);
    out.push({ start, end, severity, code, message: firstLine(e.message) });
  }
  const more = problems.length - MAX_YAML_DIAGNOSTICS;
  if (more > 0) {
    const [start, end] = lineRangeAt(text, (problems[MAX_YAML_DIAGNOSTICS] as YAMLError).pos[0]);
    out.push({ start, end, severity, code, message: `${withThousands(more)} more YAML ${severity === 'error' ? 'errors' : 'warnings'} from here on are not listed; fix the ones above first.` });
  }
  return out;
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}
