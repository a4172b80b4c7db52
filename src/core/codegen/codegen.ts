// The core's codegen domain: integration code for a backend, written from a
// profile. One language-neutral model (model.ts, modelEmbed.ts) holds what
// the token needs: the algorithm, header, fixed claims, the claims that come
// from the signed-in user (the function's parameters), the times computed at
// run time, encryption, the embed URL or snippet, and where the key is read
// from. One generator per language renders it; every value goes through that
// language's one string encoder (literals.ts). Keys are never part of the
// model: the code reads them from an environment variable or a file.
//
// This file is the folder's entry: `integrationCode`, the one call the
// command line (`jwt-studio code`) and the editor make.
//
// Files: model.ts (buildCodeModel, the environment variable names),
// modelEmbed.ts (the embed URL or snippet as parts), literals.ts (string
// literals, comment text, identifiers), support.ts (what each library signs
// and encrypts), emit.ts (what the generators share), and one generator per
// language: genNode.ts (jose, jsonwebtoken), genPython.ts, genGo.ts,
// genJava.ts, genCsharp.ts, genPhp.ts, genRuby.ts.

import type { Result } from '../base/types';
import type { Preset } from '../profiles/presets';
import type { Profile } from '../profiles/profileTypes';
import type { CodeLanguage } from './literals';
import { buildCodeModel, type CodeKeyFacts, type CodeModel, type CodeModelOptions } from './model';
import type { GeneratedCode } from './emit';
import { generateNode } from './genNode';
import { generatePython } from './genPython';
import { generateGo } from './genGo';
import { generateJava } from './genJava';
import { generateCsharp } from './genCsharp';
import { generatePhp } from './genPhp';
import { generateRuby } from './genRuby';

export type { CodeLanguage } from './literals';
export type { CodeKeyFacts, CodeModel, CodeModelOptions, CodeParam, JsonValue } from './model';
export type { EmbedModel, EmbedPart } from './modelEmbed';
export type { GeneratedCode } from './emit';
export { buildCodeModel, defaultKeyEnv, envNameProblem } from './model';
export { joinEmbed } from './modelEmbed';
export { stringLiteral } from './literals';
export { CODE_LANGUAGES, LIBRARIES } from './support';

const GENERATORS: Record<CodeLanguage, (model: CodeModel) => Result<GeneratedCode>> = {
  node: (m) => generateNode(m, 'node'),
  'node-jsonwebtoken': (m) => generateNode(m, 'node-jsonwebtoken'),
  python: generatePython,
  go: generateGo,
  java: generateJava,
  csharp: generateCsharp,
  php: generatePhp,
  ruby: generateRuby,
};

/** The model rendered in one language. */
export function renderCode(model: CodeModel, lang: CodeLanguage): Result<GeneratedCode> {
  return GENERATORS[lang](model);
}

/**
 * Integration code for a parsed profile (without errors) and its preset, in one language: a function that signs
 * (and, where the library can, encrypts) the token for a signed-in user, builds the embed URL, and a runnable
 * example that reads the key from its environment variable. `facts` says what is known of the keys (their kids);
 * `notes` lists what the language's library could not do. Never throws.
 */
export function integrationCode(profile: Profile, preset: Preset, lang: CodeLanguage, facts: CodeKeyFacts = {}, options: CodeModelOptions = {}): Result<GeneratedCode & { model: CodeModel }> {
  const built = buildCodeModel(profile, preset, facts, options);
  if (!built.ok) return built;
  const code = renderCode(built.model, lang);
  return code.ok ? { ...code, notes: [...built.model.notes, ...code.notes], model: built.model } : code;
}
