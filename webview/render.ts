// The Token Editor page as a function of the model and the page's UI state.
// lit re-renders all of it on every model; only changed bindings touch the
// DOM, so focus, caret and open dropdowns survive. Each section is drawn by
// its own file; this one draws the header, the problem summary and the list
// of problems.

import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { EditorModel, FormControl } from '../src/shared/protocol';
import { controlNotes, notesId, problemItem } from './controlNotes';
import { control } from './elements';
import { renderEncryption } from './encryptSection';
import { CLAIM_FIELDS, EMBED_FIELDS, ids, severityLabel } from './fieldCommon';
import { renderFields } from './fields';
import { renderOutput } from './outputSection';
import type { Page } from './page';
import { renderRegistered } from './registeredSection';
import { renderToken } from './tokenSection';
import { showsEmbed } from './values';

/** What each control is called in the problem summary. */
const CONTROL_NAMES: Record<FormControl, string> = {
  preset: 'Preset',
  key: 'Signing key',
  alg: 'Algorithm',
  ttl: 'Lifetime',
  registered: 'Generated claims',
  claims: 'Claims',
  embed: 'Embed',
  encrypt: 'Encryption',
};

export function renderLoading(): TemplateResult {
  return html`<p class="loading">Loading…</p>`;
}

export function renderPage(page: Page): TemplateResult {
  const { model } = page.view;
  const disabled = !model.editable;
  return html`
    ${renderHeader(page)}
    ${section(page, 'token', 'Token', true, renderToken(page, disabled))}
    ${section(page, 'registered', 'Generated claims', true, renderRegistered(page, disabled))}
    ${section(page, 'claims', 'Claims', true, html`${controlNotes(page, 'claims')}${renderFields(page, CLAIM_FIELDS, model.claims, model.claimSuggestions, disabled)}`)}
    ${showsEmbed(model) ? section(page, 'embed', 'Embed', true, html`${controlNotes(page, 'embed')}${renderFields(page, EMBED_FIELDS, model.embed, model.embedSuggestions, disabled)}`) : nothing}
    ${section(page, 'encrypt', 'Encryption (JWE)', Boolean(model.encrypt), renderEncryption(page, disabled))}
    ${section(page, 'output', 'Preview and output', true, renderOutput(page, disabled))}
    ${renderProblems(page, model)}
  `;
}

/** A collapsible section; a native <details> so its state is announced and Enter and Space both toggle it. */
function section(page: Page, name: string, heading: string, byDefault: boolean, body: TemplateResult): TemplateResult {
  const open = page.view.isOpen(name, byDefault);
  const onToggle = (e: Event) => {
    const now = control<HTMLDetailsElement>(e).open;
    // <details> also fires toggle when lit sets `open`; only a person's toggle is remembered.
    if (now !== page.view.isOpen(name, byDefault)) page.act.toggle(name, now);
  };
  return html`<details id=${`section-${name}`} class="section" ?open=${open} @toggle=${onToggle}>
    <summary id=${`section-${name}-header`}><h2>${heading}</h2></summary>
    <div class="section-body">${body}</div>
  </details>`;
}

function renderHeader(page: Page): TemplateResult {
  const { model, fileName } = page.view;
  const preset = model.preset;
  return html`
    <header class="page-header">
      <div class="title-row">
        <h1>${fileName}</h1>
        <span class="counts">
          ${model.errors > 0 ? html`<vscode-badge class="badge-error">${count(model.errors, 'error')}</vscode-badge>` : nothing}
          ${model.warnings > 0 ? html`<vscode-badge class="badge-warning">${count(model.warnings, 'warning')}</vscode-badge>` : nothing}
        </span>
        <vscode-button id="open-text" secondary @click=${() => page.act.send({ type: 'openText' })}>Edit as YAML</vscode-button>
      </div>
      <p class="subtitle">
        ${preset ? html`Preset: <strong>${preset.name}</strong>${docsLink(preset.docs)}` : 'No preset chosen yet.'}
      </p>
      ${renderSummary(page)}
    </header>
    ${model.editable
      ? nothing
      : html`<div id="read-only" class="banner" role="alert"><strong>The form is read-only.</strong> ${model.problem ?? 'Fix the YAML to edit it here.'}</div>`}
  `;
}

/** Where each error and warning is shown, as links: the control or row it is about, else the list at the bottom. */
function renderSummary(page: Page): TemplateResult | typeof nothing {
  const { model } = page.view;
  if (model.errors + model.warnings === 0) return nothing;
  const serious = (ms: ReadonlyArray<{ severity: string }>) => ms.some((m) => m.severity === 'error' || m.severity === 'warning');
  const places: Array<{ label: string; target: string; focus: string }> = [];
  for (const [control, messages] of Object.entries(model.controlMessages) as Array<[FormControl, NonNullable<EditorModel['controlMessages'][FormControl]>]>) {
    if (serious(messages)) places.push({ label: CONTROL_NAMES[control], target: notesId(control), focus: CONTROL_FOCUS[control] });
  }
  for (const sw of model.claimSwitches) {
    if (sw.row && serious(sw.row.messages)) places.push({ label: `claim ${sw.name}`, target: `registered-${sw.name}-notes`, focus: `claim-value-${sw.name}` });
  }
  for (const [spec, rows] of [[CLAIM_FIELDS, model.claims], [EMBED_FIELDS, model.embed]] as const) {
    for (const row of rows) {
      const id = ids(spec, row.name);
      if (serious(row.messages)) places.push({ label: `${spec.noun} ${row.name}`, target: id.notes, focus: id.value });
    }
  }
  if (serious(model.messages)) places.push({ label: 'the list below', target: 'problems', focus: 'problems' });
  const counts = [model.errors > 0 ? count(model.errors, 'error') : '', model.warnings > 0 ? count(model.warnings, 'warning') : ''].filter(Boolean).join(', ');
  const go = (place: (typeof places)[number]) => () => {
    const el = document.getElementById(place.target);
    el?.scrollIntoView({ block: 'center' });
    const target = document.getElementById(place.focus);
    (target ?? el)?.focus({ preventScroll: true });
  };
  return html`<nav id="problem-summary" class="problem-summary" aria-label="Problems in this profile">
    ${severityLabel(model.errors > 0 ? 'error' : 'warning')} ${counts}:
    ${places.map((p, i) => html`${i > 0 ? ' · ' : ''}<button class="line-link" type="button" data-target=${p.target} @click=${go(p)}>${p.label}</button>`)}
  </nav>`;
}

/** The control that takes focus when the summary links to its messages. */
const CONTROL_FOCUS: Record<FormControl, string> = {
  preset: 'preset',
  key: 'key',
  alg: 'alg',
  ttl: 'ttl-custom',
  registered: 'section-registered-header',
  claims: 'add-claim-name',
  embed: 'add-embed-name',
  encrypt: 'encrypt',
};

function docsLink(docs: string | undefined): TemplateResult | typeof nothing {
  // Presets can be user files: only web links become links.
  if (!docs || !/^https?:\/\//i.test(docs)) return nothing;
  return html` · <a id="docs-link" href=${docs}>Vendor documentation</a>`;
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function renderProblems(page: Page, model: EditorModel): TemplateResult | typeof nothing {
  if (model.messages.length === 0) return nothing;
  return html`<section id="problems" class="problems" aria-labelledby="problems-heading">
    <h2 id="problems-heading">Problems</h2>
    <ul class="messages">
      ${model.messages.map((m) => problemItem(page, m))}
    </ul>
  </section>`;
}
