// Bundle sizes (production build, then the development build is restored)
// and heap growth after scanning and decorating the 50 MB document and after
// dropping it. Run with --expose-gc for the memory rows.
// Run: node --expose-gc --import tsx bench/footprint.bench.ts

import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { decodeToken, describeTokenTimes, findTokens, hintText } from '../src/core';
import { report } from './benchReport';
import { buildText } from './scan.bench';

const BUNDLE_BUDGET_KB = 300;

function sizes(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'ignore' });
  const kb = (file: string): number => statSync(file).size / 1024;
  const bundle = kb('dist/extension.js');
  const lazy = kb('dist/profiles.js');
  const tokenCore = kb('dist/core.js');
  const page = kb('dist/webview/main.js') + kb('dist/webview/main.css');
  // Put the development build (with source maps) back as it was.
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
  console.log(`dist/extension.js (production): ${bundle.toFixed(1)} KB; dist/profiles.js ${lazy.toFixed(1)} KB; webview ${page.toFixed(1)} KB`);
  report({ section: 'Sizes', row: 'dist/extension.js, minified', value: bundle, ratio: bundle / BUNDLE_BUDGET_KB, unit: 'KB', against: `${BUNDLE_BUDGET_KB} KB budget`, goal: { maxValue: BUNDLE_BUDGET_KB }, note: 'what activation loads: registration, settings, finding tokens in text, the key ring index' });
  report({ section: 'Sizes', row: 'dist/core.js, minified (loaded when a token is first decoded, checked or signed)', value: tokenCore, unit: 'KB', note: 'jose, decoding, keys, signing, verifying; never loaded at activation' });
  report({ section: 'Sizes', row: 'dist/profiles.js, minified (loaded when a profile opens)', value: lazy, unit: 'KB', note: 'yaml, ajv, the profile adapter and the Token Editor host; the token core comes from dist/core.js (loaded with it), never a copy; never loaded at activation' });
  report({ section: 'Sizes', row: 'dist/webview/main.js + main.css, minified (Token Editor page)', value: page, unit: 'KB', note: 'lit, the vscode-elements controls used, the page; loaded by the webview only' });
  if (existsSync('dist/jwt-studio.vsix')) {
    const vsix = statSync('dist/jwt-studio.vsix').size / 1024;
    console.log(`dist/jwt-studio.vsix: ${vsix.toFixed(1)} KB`);
    report({ section: 'Sizes', row: 'dist/jwt-studio.vsix', value: vsix, unit: 'KB', note: 'the package as last built' });
  }
}

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function memory(): void {
  if (!(globalThis as { gc?: unknown }).gc) {
    console.log('memory rows skipped: run node with --expose-gc');
    return;
  }
  const before = heapMb();
  let doc: { text: string } | undefined = buildText('typical');
  const textMb = doc.text.length / 1024 / 1024;
  let hints = 0;
  let tokens = findTokens(doc.text, 0, doc.text.length, { maxTokens: 1_000_000 });
  const now = Date.now();
  for (const found of tokens) {
    const result = decodeToken(found.text);
    if (result.ok) hints += hintText(result.token, describeTokenTimes(result.token, now), undefined).length;
  }
  const loaded = heapMb();
  // Still in use here, so neither can be collected before the measurement above.
  const kept = doc.text.length + tokens.length;
  tokens = [];
  doc = undefined;
  const dropped = heapMb();
  console.log(`heap: ${before.toFixed(1)} MB before, ${loaded.toFixed(1)} MB with the ${textMb.toFixed(0)} MB text scanned and decorated (${hints} hint chars, ${kept} chars + tokens kept), ${dropped.toFixed(1)} MB after dropping it`);
  report({ section: 'Memory', row: 'heap growth while the 50 MB document is scanned and decorated', value: loaded - before, unit: 'MB', note: `the text itself is ${textMb.toFixed(0)} M one-byte characters; the rest is the 60 000 found tokens (slices of the text, no copies)` });
  report({ section: 'Memory', row: 'heap growth after dropping it', value: dropped - before, unit: 'MB', goal: { maxValue: 1 }, shortfall: 'Something still holds the text or its tokens after the scan.' });
}

sizes();
memory();
