// What `jwt-studio check` prints for a diagnostic of the core: the line and
// column where the editor draws its squiggle (1-based, columns in UTF-16 code
// units, lines broken at LF, CRLF and a lone CR as the editor breaks them),
// as one terminal-safe line `path:line:col: severity: message` or as one
// JSON object. Hints are left out: the editor shows them only as faint dots
// under the text, never in the Problems view, so they are not problems.

import type { ProfileDiagnostic } from '../core/text/yamlRanges';
import { escapeCodePoint } from '../core/base/deceptiveChars';
import { terminalSafe } from './terminal';

export type CheckSeverity = 'error' | 'warning' | 'info';

export interface CheckProblem {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: CheckSeverity;
  code: string;
  message: string;
}

interface Position {
  /** 0-based, as the editor's. */
  line: number;
  character: number;
}

/** The line starts of a text, found once, for any number of offset look-ups. */
export class LineMap {
  private readonly starts: number[] = [0];
  /** Where each line's text ends (before its line break). */
  private readonly ends: number[] = [];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x0a && c !== 0x0d) continue;
      this.ends.push(i);
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      this.starts.push(i + 1);
    }
    this.ends.push(text.length);
  }

  /** The position of an offset, clamped to the text (an offset inside a CRLF counts as the line's end). */
  position(offset: number): Position {
    const at = Math.max(0, Math.min(Number.isFinite(offset) ? offset : 0, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(at, this.ends[lo]!) - this.starts[lo]! };
  }

  lineLength(line: number): number {
    return this.ends[line]! - this.starts[line]!;
  }
}

/** Where a file's diagnostics come from: the editor places an empty range differently for each. */
export type DiagnosticSource = 'profile' | 'preset';

/**
 * A core diagnostic as the editor shows it (src/profiles/providers.ts): a profile's empty range covers one
 * character unless it is at the end of its line (`toDiagnostic`); a preset's always ends one offset later
 * (`presetDiagnostics`). Undefined for a hint.
 */
export function toProblem(path: string, lines: LineMap, d: ProfileDiagnostic, source: DiagnosticSource): CheckProblem | undefined {
  if (d.severity === 'hint') return undefined;
  const start = lines.position(d.start);
  let end: Position;
  if (source === 'preset') end = lines.position(Math.max(d.end, d.start + 1));
  else {
    end = lines.position(Math.max(d.end, d.start));
    if (end.line === start.line && end.character === start.character && start.character < lines.lineLength(start.line)) end = { line: start.line, character: start.character + 1 };
  }
  return { path, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, severity: d.severity, code: d.code, message: d.message };
}

/** A problem of a whole file (not read, a folder not searched): at its first character. */
export function fileProblem(path: string, code: string, message: string): CheckProblem {
  return { path, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code, message };
}

/** Problems in the order a person reads them: by line, then column; problems at one place keep the core's order. */
export function sortProblems(problems: CheckProblem[]): CheckProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A message on one line: its lines trimmed and joined with a space, tabs as spaces, made terminal-safe. */
export function oneLine(message: string): string {
  const joined = message
    .split(/\r\n|\r|\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ')
    .replaceAll('\t', ' ');
  return terminalSafe(joined);
}

/** A path with nothing in it that could start another line or mislead the eye. */
function safePath(path: string): string {
  return terminalSafe(path).replace(/[\n\t]/g, (c) => escapeCodePoint(c.charCodeAt(0)));
}

/** `path:line:col: severity: message`, the form compilers and linters print and editors link. */
export function problemLine(p: CheckProblem): string {
  return `${safePath(p.path)}:${p.line}:${p.column}: ${p.severity}: ${oneLine(p.message)}`;
}

/** One problem as JSON (the message as the core wrote it; JSON escapes line breaks), made terminal-safe. */
export function problemJson(p: CheckProblem): string {
  const { path, line, column, endLine, endColumn, severity, code, message } = p;
  return terminalSafe(JSON.stringify({ path, line, column, endLine, endColumn, severity, code, message }));
}

export type ProblemCounts = Record<CheckSeverity, number>;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "3 profiles checked: 1 error, 2 warnings" (and the workspace's preset files, when it has any). */
export function summaryLine(profiles: number, presets: number, counts: ProblemCounts): string {
  const what = presets > 0 ? `${plural(profiles, 'profile', 'profiles')} and ${plural(presets, 'preset', 'presets')}` : plural(profiles, 'profile', 'profiles');
  const parts = [
    counts.error > 0 ? plural(counts.error, 'error', 'errors') : '',
    counts.warning > 0 ? plural(counts.warning, 'warning', 'warnings') : '',
    counts.info > 0 ? `${counts.info} info` : '',
  ].filter(Boolean);
  return `${what} checked: ${parts.length > 0 ? parts.join(', ') : 'no problems'}`;
}
