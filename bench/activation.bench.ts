// Activation in the real editor: the production build is loaded into a fresh
// code-server and Chromium several times (fresh user data each, the `basic`
// fixture), and each run's "activated in X ms" figure is read from the
// JWT Studio log. That figure is taken inside the extension host, from the
// module's load to the end of activate(), so it is unaffected by how slowly
// the browser or the log file catches up. The time from the page's navigation
// to the activated line is reported beside it for context: it is mostly the
// workbench starting, not our code. Budget: activation <= 15 ms.
// Run: node --import tsx bench/activation.bench.ts [runs]

import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { e2eRoot, EditorSession, poll, timeouts } from '../test/e2e/harness';
import { median, report } from './benchReport';

const BUDGET_MS = 15;
const RUNS = Number(process.argv[2] ?? 7);
const SECTION = 'Activation (real editor)';
const activatedLine = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[info\].*activated in ([\d.]+) ms \(activate\(\) itself ([\d.]+) ms\)/m;

interface Run {
  activateMs: number;
  /** activate()'s own body, without VS Code's wait between loading the module and calling it. */
  bodyMs: number;
  pageToActivatedMs: number;
}

async function measure(index: number): Promise<Run> {
  const editor = await EditorSession.launch({ name: `bench-activation-${index}`, fixture: 'basic' });
  try {
    // Epoch ms at which the page started navigating; the log's timestamps are
    // local wall-clock time on the same machine, so the two can be subtracted.
    const navigationStart = Number(await editor.page.evaluate('performance.timeOrigin'));
    await editor.waitForActivation();
    const match = await poll('the "activated in" line in the JWT Studio log', timeouts.activation, () => activatedLine.exec(editor.extensionLog()));
    const [, day, time, ms, body] = match as unknown as [string, string, string, string, string];
    return { activateMs: Number(ms), bodyMs: Number(body), pageToActivatedMs: new Date(`${day}T${time}`).getTime() - navigationStart };
  } finally {
    await editor.close();
    // The bench leaves nothing behind under .e2e/ (journeys keep their logs for debugging; a bench has no use for them).
    rmSync(join(e2eRoot, `bench-activation-${index}`), { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // Measure what ships: the minified bundle, without source maps.
  execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'ignore' });
  const runs: Run[] = [];
  try {
    for (let i = 1; i <= RUNS; i++) {
      const run = await measure(i);
      runs.push(run);
      console.log(`run ${i}: module load to end of activate() ${run.activateMs.toFixed(1)} ms (activate() itself ${run.bodyMs.toFixed(1)} ms), page navigation to activated ${(run.pageToActivatedMs / 1000).toFixed(2)} s`);
    }
  } finally {
    // Put the development build (with source maps) back as it was.
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
  }

  const activate = runs.map((r) => r.activateMs);
  const p50 = median(activate);
  const max = Math.max(...activate);
  const pageP50 = median(runs.map((r) => r.pageToActivatedMs));
  const how = `production build, ${runs.length} fresh editors, basic fixture`;
  console.log(`activation: p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms (budget ${BUDGET_MS} ms); page navigation to activated: p50 ${(pageP50 / 1000).toFixed(2)} s`);
  // The same budget row for the typical and the slowest start.
  const rows = [
    { row: 'module load to end of activate(), p50', value: p50, shortfall: "VS Code loads the module and builds the extension's context (globalState, workspaceState, storage path: a round trip to a workbench that is itself still starting) at the same time, and calls activate() when both are done (Promise.all in the extension host's _doActivateExtension). The faster our module loads, the more of that wait lands between module load and activate(); the \"activate() itself\" rows give our own share." },
    { row: 'module load to end of activate(), max', value: max, shortfall: "As for p50: after a fast module load the figure is mostly VS Code's wait for the extension's storage, which varies from run to run on a shared 2-core machine while our code does not; the \"activate() itself\" rows give our own share." },
  ];
  for (const { row, value, shortfall } of rows) {
    report({ section: SECTION, row, value, ratio: BUDGET_MS / value, unit: 'ms', against: `${BUDGET_MS} ms budget`, goal: { maxValue: BUDGET_MS }, note: how, shortfall });
  }
  const body = runs.map((r) => r.bodyMs);
  for (const [row, value] of [
    ['activate() itself, p50', median(body)],
    ['activate() itself, max', Math.max(...body)],
  ] as const) {
    report({ section: SECTION, row, value, unit: 'ms', note: "our own work: the rows above minus VS Code's wait before it calls activate()" });
  }
  report({
    section: SECTION,
    row: 'page navigation to the activated line, p50',
    value: pageP50,
    unit: 'ms',
    note: 'context only: mostly the workbench starting and the onStartupFinished wait',
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
