// `jwt-studio check` and the editor agree. The same text goes through
// parseProfile (or checkPreset), then through the editor's own conversion to
// squiggles (src/profiles/providers.ts, run over a small stand-in for the few
// vscode classes it uses, with a document that breaks lines as VS Code does)
// and through the command line's (src/cli/checkReport.ts): every line the
// command prints is a squiggle of the editor, at the same place.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { readFileSync } from 'node:fs';
import { checkPreset, listPresets, parseProfile } from '../../src/core/index';
import type { ProfileContext, ProfileDiagnostic } from '../../src/core/index';
import { LineMap, oneLine, problemLine, toProblem } from '../../src/cli/checkReport';
import type { CheckProblem, DiagnosticSource } from '../../src/cli/checkReport';
import type * as Providers from '../../src/profiles/providers';

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
  isEqual(other: Position): boolean {
    return this.line === other.line && this.character === other.character;
  }
  translate(lines: number, characters: number): Position {
    return new Position(this.line + lines, this.character + characters);
  }
}
class Range {
  constructor(
    readonly start: Position,
    readonly end: Position,
  ) {}
}
class Diagnostic {
  source?: string;
  code?: string;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: number,
  ) {}
}
const DiagnosticSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 };
/** Read when providers.ts loads (its completion kinds); not used here. */
const CompletionItemKind = {};
const SEVERITY_NAMES = ['error', 'warning', 'info', 'hint'];

/** The part of vscode.TextDocument toDiagnostic uses; lines end at CRLF, CR or LF, as in VS Code. */
function textDocument(text: string): { positionAt(offset: number): Position; lineAt(line: number): { range: { end: Position } } } {
  const lines: Array<{ start: number; length: number }> = [];
  let start = 0;
  for (const match of text.matchAll(/\r\n|\r|\n/g)) {
    lines.push({ start, length: match.index - start });
    start = match.index + match[0].length;
  }
  lines.push({ start, length: text.length - start });
  return {
    positionAt(offset) {
      const at = Math.max(0, Math.min(offset, text.length));
      let line = 0;
      while (line + 1 < lines.length && lines[line + 1]!.start <= at) line++;
      return new Position(line, Math.min(at - lines[line]!.start, lines[line]!.length));
    },
    lineAt: (line) => ({ range: { end: new Position(line, lines[line]!.length) } }),
  };
}

let providers: typeof Providers;

before(async () => {
  // providers.ts imports vscode for these classes only; it is loaded with the stand-in in its place.
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    if (request === 'vscode') return { Position, Range, Diagnostic, DiagnosticSeverity, CompletionItemKind };
    return load.call(this, request, ...rest);
  };
  try {
    providers = await import('../../src/profiles/providers');
  } finally {
    loader._load = load;
  }
});

interface Squiggle {
  range: Range;
  message: string;
  severity: number;
  code?: string;
}

/** The editor's squiggles and the command line's problems for one text; they must be the same, hints aside. */
function compare(text: string, diagnostics: readonly ProfileDiagnostic[], source: DiagnosticSource): CheckProblem[] {
  const editor = (source === 'profile' ? diagnostics.map((d) => providers.toDiagnostic(textDocument(text) as never, d)) : providers.presetDiagnostics(text, diagnostics)) as unknown as Squiggle[];
  const lines = new LineMap(text);
  const cli = diagnostics.map((d) => toProblem('p.jwt.yaml', lines, d, source));
  assert.equal(editor.length, cli.length);
  editor.forEach((squiggle, i) => {
    const problem = cli[i];
    if (squiggle.severity === DiagnosticSeverity.Hint) return assert.equal(problem, undefined, 'a hint is left out');
    assert.ok(problem);
    const { start, end } = squiggle.range;
    assert.deepEqual([problem.line, problem.column, problem.endLine, problem.endColumn], [start.line + 1, start.character + 1, end.line + 1, end.character + 1], `${problem.code} at ${diagnostics[i]!.start}`);
    assert.equal(problem.code, squiggle.code);
    assert.equal(problemLine(problem), `p.jwt.yaml:${start.line + 1}:${start.character + 1}: ${SEVERITY_NAMES[squiggle.severity]}: ${oneLine(squiggle.message)}`);
  });
  return cli.filter((p): p is CheckProblem => p !== undefined);
}

const guidancePreset = checkPreset(['id: acme', 'name: Acme', 'alg: { default: HS256, allowed: [HS256] }', 'lifetime:', '  default: 5m', '  max: 10m', '  guidance: |', '    Acme refuses long tokens.', '    Ask them for more.', 'claims: { type: object }', ''].join('\n'), 'acme.yaml').preset!;
const presets = listPresets([guidancePreset]);
const keys: ProfileContext['keys'] = [{ id: 'ec', alg: 'ES256', use: 'sig', kty: 'EC', hasPrivate: true }];

const PROFILES: Array<[string, string, ProfileContext]> = [
  ...['activepieces', 'frameable', 'metabase'].map((name): [string, string, ProfileContext] => [`samples/${name}`, readFileSync(`samples/profiles/${name}.jwt.yaml`, 'utf8'), {}]),
  ['problems after a character outside the BMP', 'preset: activepieces\nkey: ec\nttl: 2h\nregistered: { colour: true }\nclaims: { "😀": 1, version: v9 }\n', { keys }],
  ['the same with CRLF line ends', 'preset: activepieces\r\nkey: ec\r\nttl: 2h\r\nregistered: { colour: true }\r\nclaims: { "😀": 1, version: v9 }\r\n', { keys }],
  ['lone CR line ends', 'preset: tableau\rkey: k\rttl: 1h\rclaims: { sub: 1 }\r', {}],
  ['empty ranges at the start, on an empty line', '\n\nclaims: {}\n', {}],
  ['empty ranges at the start of a comment line', '# nothing here\n', {}],
  ['a multi-line message (a preset guidance)', 'preset: acme\nkey: k\nttl: 1h\nclaims: {}\n', { presets }],
  ['YAML syntax errors', 'preset: generic\nkey: [a\nclaims: {\n\t- b\n', {}],
];

describe('check and the editor place every problem alike', () => {
  for (const [name, text, context] of PROFILES) {
    test(name, () => {
      const problems = compare(text, parseProfile(text, context).diagnostics, 'profile');
      if (!name.startsWith('samples/')) assert.ok(problems.length > 0, 'the text has problems to compare');
    });
  }

  test('the multi-line message is one line, its lines joined', () => {
    const text = 'preset: acme\nkey: k\nttl: 1h\nclaims: {}\n';
    const problems = compare(text, parseProfile(text, { presets }).diagnostics, 'profile');
    const over = problems.find((p) => p.code === 'TTL_OVER_MAX')!;
    assert.match(over.message, /tokens\.\nAsk/);
    assert.match(problemLine(over), /^p\.jwt\.yaml:3:6: error: Acme accepts at most 10m; this profile asks for 1h\. Acme refuses long tokens\. Ask them for more\.$/);
  });

  test("a preset file's problems", () => {
    const text = ['id: acme', 'name: Acme', 'colour: red', 'alg: { default: HS256, allowed: [HS256, none] }', 'lifetime: { default: 5m }', 'claims: { type: object }', ''].join('\n');
    assert.ok(compare(text, checkPreset(text, 'acme.yaml').diagnostics, 'preset').length >= 2);
    assert.equal(compare('id: [\n', checkPreset('id: [\n', 'x.yaml').diagnostics, 'preset').length > 0, true);
  });

  test('a hint is left out, every other severity is kept', () => {
    const text = 'preset: generic\nkey: k\n';
    const diagnostics: ProfileDiagnostic[] = (['error', 'warning', 'info', 'hint'] as const).map((severity, i) => ({ start: i, end: i + 2, severity, code: 'X', message: severity }));
    assert.deepEqual(compare(text, diagnostics, 'profile').map((p) => p.severity), ['error', 'warning', 'info']);
  });
});
