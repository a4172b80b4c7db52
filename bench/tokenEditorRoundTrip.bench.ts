// The Token Editor's round trip in the real editor (code-server and Chromium,
// production build): from an edit in the form to the new model on the page,
// on a profile with 50 claims (bench/fixtures/claims50.jwt.yaml), against the
// same edit on a profile with one claim (its first claim only) in the same
// editor and the same run. Goal: p95 <= 16 ms (one frame at 60 Hz).
//
// Each step runs inside the webview's page (one Playwright evaluate per step,
// so Playwright's own latency is not in it): performance.now(), the claim's
// text field gets a new value and the `change` event the form listens to (the
// page posts an `edit`), and the clock stops once the model that holds the new
// value has arrived, the page has rendered it with lit, and the elements' own
// updates (microtasks) have run: a task queued after the render, when the
// field and the payload preview show the new value. Split, read in the page:
// - until the model message arrives (a capture listener on window, which runs
//   before the page's own listener): the page posting the edit, VS Code
//   passing it to the extension host (over code-server's socket), the host
//   working out the text edit, applying it, computing the model and posting
//   it back;
// - the page: checking the message, the lit render, the elements' updates.
// The host's share of the first part is not in any log; it is estimated by
// running the same editProfile + editorModel on the same text in this process.
// Between edits, a page-only round trip: the page posts `ready` (as its VS
// Code API would, through the webview's outer frame) and the host answers with
// the model computed again, without an edit: VS Code's message passing plus
// editorModel. The host posts an edit's model before VS Code applies the edit,
// so what the edit adds beyond that is its own traffic running alongside.
// The profile names a ring key (bench-hs) that is not in the ring: the model
// does not import keys, and signing is not part of the round trip.
// The time to the next painted frame (requestAnimationFrame, then a task) is
// given for context: it also holds the wait for the frame's start.
// Run: node --import tsx bench/tokenEditorRoundTrip.bench.ts [steps]

import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { editProfile, editorModel, listPresets } from '../src/core';
import { e2eRoot, EditorSession, poll, timeouts } from '../test/e2e/harness';
import { openInTokenEditor } from '../test/e2e/journeys';
import { median, report } from './benchReport';

const BUDGET_MS = 16;
const STEPS = Number(process.argv[2] ?? 60);
const BASELINE_STEPS = Math.max(20, Math.round(STEPS / 2));
const WARMUP = 5;
/**
 * A pause between steps, longer than the 300 ms after which the extension checks a changed profile for
 * diagnostics, so that check and the page's follow-up work for one edit run between steps, as they do
 * for someone editing a form field by field.
 */
const PAUSE_MS = 400;
const SECTION = 'Token Editor (real editor)';
const NAME = 'bench-token-editor-round-trip';
/** The claim every step edits (a string, the first claim, so the one-claim profile holds it too). */
const CLAIM = 'note';
const VALUES = ['second', 'first'] as const;

const profile50 = readFileSync(join(import.meta.dirname, 'fixtures', 'claims50.jwt.yaml'), 'utf8');
// The same profile cut after its first claim.
const profile1 = profile50.slice(0, profile50.indexOf(`  ${CLAIM}: first\n`) + `  ${CLAIM}: first\n`.length);
const FILES = { 'claims50.jwt.yaml': profile50, 'claims1.jwt.yaml': profile1 };

interface Step {
  /** Edit dispatched → new model rendered and the elements updated. */
  totalMs: number;
  /** Edit dispatched → the model message reaches the page. */
  arrivalMs: number;
  /** Model message → rendered and updated (check, lit render, elements). */
  pageMs: number;
  /** Edit dispatched → the next frame painted after the render (context: holds the wait for the frame). */
  paintedMs: number;
}

/** One edit and its round trip, timed inside the page. */
async function step(page: FrameLocator, value: string, via: 'edit' | 'ready'): Promise<Step> {
  return page.locator(`#claim-value-${CLAIM}`).evaluate(
    (field, { claim, value, via }) =>
      new Promise<Step>((resolve, reject) => {
        let arrived: number | undefined;
        let rendered = false;
        const holdsValue = (data: unknown): boolean => {
          const m = data as { type?: string; model?: { claims?: Array<{ name: string; value: unknown }> } } | null;
          return m?.type === 'model' && m.model?.claims?.find((c) => c.name === claim)?.value === value;
        };
        const timer = setTimeout(() => {
          cleanUp();
          reject(new Error(`no model with ${claim} = ${value} within 10 s`));
        }, 10_000);
        const cleanUp = (): void => {
          clearTimeout(timer);
          window.removeEventListener('message', early, true);
          window.removeEventListener('message', late);
        };
        // At the target, capture listeners run before the page's own (bubbling) listener; `late`, added after it, runs after it.
        const early = (event: MessageEvent): void => {
          if (arrived === undefined && holdsValue(event.data)) arrived = performance.now();
        };
        const late = (event: MessageEvent): void => {
          if (rendered || arrived === undefined || !holdsValue(event.data)) return;
          rendered = true;
          const arrivedAt = arrived;
          // A task after the render: every microtask (the elements' lit updates, the page's own follow-up) has run by then.
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            const done = performance.now();
            const shown = document.getElementById(`claim-value-${claim}`) as (HTMLElement & { value?: string }) | null;
            const preview = document.getElementById('preview-payload')?.textContent ?? '';
            if (shown?.value !== value || !preview.includes(`"${value}"`)) {
              cleanUp();
              reject(new Error(`the page does not show ${claim} = ${value} after the model (field ${String(shown?.value)})`));
              return;
            }
            requestAnimationFrame(() => {
              const after = new MessageChannel();
              after.port1.onmessage = () => {
                cleanUp();
                resolve({ totalMs: done - start, arrivalMs: arrivedAt - start, pageMs: done - arrivedAt, paintedMs: performance.now() - start });
              };
              after.port2.postMessage(null);
            });
          };
          channel.port2.postMessage(null);
        };
        window.addEventListener('message', early, true);
        window.addEventListener('message', late);
        const input = field as HTMLElement & { value: string };
        // What the page's VS Code API does with a message: hand it to the webview's outer frame, which passes it on
        // to the host. The outer frame sets `window.parent` of the page to the page itself; its element leads there.
        const outer = window.frameElement?.ownerDocument.defaultView as unknown as Record<string, ((channel: string, data: unknown) => void) | undefined> | undefined;
        const post = outer?.__vscode_post_message__;
        if (via === 'ready' && !post) {
          cleanUp();
          reject(new Error("the webview's outer frame has no __vscode_post_message__ (another VS Code version?)"));
          return;
        }
        const start = performance.now();
        if (via === 'ready') {
          post?.('onmessage', { message: { type: 'ready' } });
          return;
        }
        input.value = value;
        input.dispatchEvent(new Event('change'));
      }),
    { claim: CLAIM, value, via },
  );
}

/** Timed round trips on one profile: edits, and `ready` (a fresh model without an edit) in between. */
interface Measured {
  edits: Step[];
  readies: Step[];
}

/** Opens `file` in the Token Editor and times `count` edits and `count` ready round trips after the warm-up ones. */
async function measureFile(editor: EditorSession, file: string, count: number): Promise<Measured> {
  const page = await openInTokenEditor(editor, file);
  const field = page.locator(`#claim-value-${CLAIM}`);
  await field.waitFor({ timeout: timeouts.ui });
  // tsx compiles this file with esbuild's keepNames, which wraps the named functions inside `step`'s page
  // function in __name(); the page has no such helper, so it gets one that does nothing (a string, left as is).
  await field.evaluate('globalThis.__name = (f) => f');
  await poll(`the form on ${file} to show ${CLAIM}`, timeouts.ui, async () => (await field.evaluate((el) => (el as HTMLElement & { value?: string }).value)) === 'first');
  const measured: Measured = { edits: [], readies: [] };
  for (let i = 0; i < WARMUP + count; i++) {
    const value = VALUES[i % 2] as string;
    for (const via of ['edit', 'ready'] as const) {
      const result = await step(page, value, via);
      if (i >= WARMUP) (via === 'edit' ? measured.edits : measured.readies).push(result);
      await editor.page.waitForTimeout(PAUSE_MS);
    }
  }
  return measured;
}

/** The host's own work for one edit, estimated here: editProfile on the text, then editorModel on the edited text and its JSON. */
function hostEstimate(text: string): { edit: number; model: number } {
  const presets = listPresets();
  const edits: number[] = [];
  const models: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const result = editProfile(text, { op: 'set', path: ['claims', CLAIM], value: VALUES[i % 2] as string });
    if (!result.ok) throw new Error(result.error.message);
    let next = text;
    for (const e of [...result.edits].reverse()) next = next.slice(0, e.start) + e.newText + next.slice(e.end);
    const t1 = performance.now();
    // The host posts the model as one message, which VS Code serialises as JSON.
    JSON.stringify(editorModel(next, { presets, keys: [], now: Date.now() }));
    const t2 = performance.now();
    if (i >= 50) {
      edits.push(t1 - t0);
      models.push(t2 - t1);
    }
  }
  return { edit: median(edits), model: median(models) };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

interface Stat {
  p50: number;
  p95: number;
  max: number;
}

function stat(steps: readonly Step[], pick: (s: Step) => number): Stat {
  const values = steps.map(pick);
  return { p50: median(values), p95: percentile(values, 95), max: Math.max(...values) };
}

/** Every figure of one profile's run. */
function summary(measured: Measured) {
  const { edits, readies } = measured;
  return {
    total: stat(edits, (s) => s.totalMs),
    arrival: stat(edits, (s) => s.arrivalMs),
    page: stat(edits, (s) => s.pageMs),
    painted: stat(edits, (s) => s.paintedMs),
    readyTotal: stat(readies, (s) => s.totalMs),
    readyArrival: stat(readies, (s) => s.arrivalMs),
  };
}

async function main(): Promise<void> {
  // Measure what ships: the minified bundles, without source maps.
  execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'ignore' });
  let one: Measured;
  let fifty: Measured;
  try {
    const editor = await EditorSession.launch({ name: NAME, fixture: 'basic', files: FILES });
    try {
      await editor.waitForActivation();
      // The baseline first (it also warms the editor up), then the 50 claims.
      one = await measureFile(editor, 'claims1.jwt.yaml', BASELINE_STEPS);
      fifty = await measureFile(editor, 'claims50.jwt.yaml', STEPS);
    } finally {
      await editor.close();
      rmSync(join(e2eRoot, NAME), { recursive: true, force: true });
    }
  } finally {
    // Put the development build (with source maps) back as it was.
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
  }

  const host50 = hostEstimate(profile50);
  const host1 = hostEstimate(profile1);
  const s50 = summary(fifty);
  const s1 = summary(one);
  const f = (n: number): string => n.toFixed(1);
  for (const [label, measured, s, host] of [
    ['50 claims', fifty, s50, host50],
    ['1 claim', one, s1, host1],
  ] as const) {
    console.log(
      `${label}: ${measured.edits.length} edits; round trip p50 ${f(s.total.p50)} ms, p95 ${f(s.total.p95)} ms, max ${f(s.total.max)} ms; ` +
        `until the model arrives p50 ${f(s.arrival.p50)} / p95 ${f(s.arrival.p95)} ms; page p50 ${f(s.page.p50)} / p95 ${f(s.page.p95)} ms; ` +
        `next painted frame p50 ${f(s.painted.p50)} ms; ready round trip p50 ${f(s.readyTotal.p50)} / p95 ${f(s.readyTotal.p95)} ms (model arrives p50 ${f(s.readyArrival.p50)}); ` +
        `host work estimated: editProfile ${host.edit.toFixed(2)} ms, editorModel + JSON ${host.model.toFixed(2)} ms`,
    );
  }
  console.log(`50 claims, each edit (ms): ${fifty.edits.map((s) => f(s.totalMs)).join(', ')}`);

  const how = `${fifty.edits.length} edits of one string claim after ${WARMUP} warm-up ones, ${PAUSE_MS} ms apart, timed inside the webview page; production build`;
  const baselineNote = `baseline: the same edit on the same profile cut to its one claim, in the same editor (${one.edits.length} edits)`;
  const applyShare = s50.arrival.p50 - s50.readyArrival.p50;
  const shortfall =
    `Of the p50 ${f(s50.total.p50)} ms (p95 ${f(s50.total.p95)}), ${f(s50.arrival.p50)} ms pass before the model reaches the page (p95 ${f(s50.arrival.p95)}) and ${f(s50.page.p50)} ms are the page's check and lit render (p95 ${f(s50.page.p95)}; ${f(s1.page.p50)} ms with one claim; the same model again, nothing changed, renders in ${f(s50.readyTotal.p50 - s50.readyArrival.p50)} ms). ` +
    `The host's own work is small: editProfile ${host50.edit.toFixed(1)} ms and editorModel with its JSON ${host50.model.toFixed(1)} ms, run on the same text outside the editor. ` +
    `A page-only round trip (the page asks for the model again with \`ready\`: no edit) brings the model in ${f(s50.readyArrival.p50)} ms at p50 (${f(s1.readyArrival.p50)} ms with one claim): VS Code passing the two messages through the workbench and code-server's socket, plus editorModel. ` +
    `The host posts the model of the edited text as soon as editProfile has worked the edit out, before VS Code applies it (it skips the model it would post again on the change event), yet the model arrives ${f(applyShare)} ms later than in the page-only round trip: the edit's own traffic (the WorkspaceEdit to the workbench, and its change coming back to every extension's listeners) runs at the same time over the same socket and threads; from outside the editor that part does not split further. ` +
    `With one claim the same edit takes ${f(s1.total.p50)} ms at p50 (p95 ${f(s1.total.p95)}). ` +
    `What is left to close it: rendering only the rows whose model changed (the page's share); the rest is VS Code's own message passing, which at p95 (${f(s50.readyTotal.p95)} ms for the page-only round trip) takes most of the 16 ms budget on this machine. ` +
    `The p95 and max also hold the load of the shared 2-core machine (other editors and tests ran beside the bench).`;
  report({
    section: SECTION,
    row: 'edit in the form → new model on the page, 50 claims, p95',
    value: s50.total.p95,
    baseline: s1.total.p95,
    ratio: BUDGET_MS / s50.total.p95,
    unit: 'ms',
    against: `${BUDGET_MS} ms budget`,
    goal: { maxValue: BUDGET_MS },
    note: `${how}; ${baselineNote}`,
    shortfall,
  });
  report({ section: SECTION, row: 'edit → new model on the page, 50 claims, p50', value: s50.total.p50, baseline: s1.total.p50, unit: 'ms', note: `context; ${baselineNote}` });
  report({ section: SECTION, row: 'edit → new model on the page, 50 claims, max', value: s50.total.max, baseline: s1.total.max, unit: 'ms', note: 'context: the slowest edit of the run' });
  report({
    section: SECTION,
    row: 'of which until the model message arrives, p50',
    value: s50.arrival.p50,
    baseline: s1.arrival.p50,
    unit: 'ms',
    note: "the page posting the edit, VS Code passing it to the extension host (code-server's socket), the host working out the edit and the model of the edited text (posted before VS Code applies the edit), the model passed back while the edit goes through the workbench",
  });
  report({
    section: SECTION,
    row: 'of which the page (check, lit render, elements), p50',
    value: s50.page.p50,
    baseline: s1.page.p50,
    unit: 'ms',
    note: 'from the model message reaching the page to a task queued after its render (the elements have updated)',
  });
  report({
    section: SECTION,
    row: "host's editProfile + editorModel, 50 claims (estimate)",
    value: host50.edit + host50.model,
    baseline: host1.edit + host1.model,
    unit: 'ms',
    note: `the same calls on the same text in the bench process (medians of 150 after a warm-up; editProfile ${host50.edit.toFixed(2)} ms, editorModel and its JSON ${host50.model.toFixed(2)} ms): the extension host logs no time for them`,
  });
  report({
    section: SECTION,
    row: 'page-only round trip (ready → model), 50 claims, p50',
    value: s50.readyTotal.p50,
    baseline: s1.readyTotal.p50,
    unit: 'ms',
    note: `context: the page asks for the model again (\`ready\`), the host computes it without an edit; the model arrives in ${f(s50.readyArrival.p50)} ms (one claim: ${f(s1.readyArrival.p50)} ms), which is VS Code's message passing plus editorModel`,
  });
  report({
    section: SECTION,
    row: 'edit → next painted frame, 50 claims, p50',
    value: s50.painted.p50,
    baseline: s1.painted.p50,
    unit: 'ms',
    note: 'context: requestAnimationFrame after the render, then a task; also holds the wait for the next frame to start',
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
