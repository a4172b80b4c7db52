// The Preview and output section: the header and payload a token signed now
// would carry, Sign and the signed token, the output buttons, Copy Integration
// Code and the status line.

import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { formatDuration } from '../src/core/token/times';
import type { EditorModel, OutputAction } from '../src/shared/protocol';
import type { SingleSelect } from './elements';
import { control } from './elements';
import { severityLabel } from './fieldCommon';
import { compactJson } from './jsonText';
import type { Page } from './page';
import { segmentStyle, splitToken } from './values';

export function renderOutput(page: Page, disabled: boolean): TemplateResult {
  const { model, signing } = page.view;
  const mac = navigator.userAgent.includes('Mac');
  return html`${renderPreview(model)}
    <div class="sign-row">
      <vscode-button id="sign" aria-keyshortcuts="Control+Enter Meta+Enter" aria-busy=${signing ? 'true' : 'false'} ?disabled=${disabled} @click=${() => page.act.sign()}
        >Sign</vscode-button
      >
      ${signing ? html`<vscode-progress-ring aria-label="Signing"></vscode-progress-ring>` : nothing}
      <span class="hint">${mac ? '⌘ Enter' : 'Ctrl+Enter'} signs from anywhere on the page.</span>
    </div>
    ${renderSigned(page)} ${renderOutputButtons(page, disabled)} ${renderCodeButton(page, disabled)} ${renderStatus(page)}`;
}

/** Header and payload a token signed now would carry. The blocks scroll, so they are focusable named regions. */
function renderPreview(model: EditorModel): TemplateResult {
  const preview = model.preview;
  if (!preview.ok) return html`<p id="preview-message" class="hint">${preview.message}</p>`;
  return html`<div class="preview">
    <div class="preview-part">
      <h3>Header</h3>
      <pre id="preview-header" class="json" role="region" tabindex="0" aria-label="Header JSON">${compactJson(preview.header)}</pre>
    </div>
    <div class="preview-part">
      <h3>Payload</h3>
      <pre id="preview-payload" class="json" role="region" tabindex="0" aria-label="Payload JSON">${compactJson(preview.payload)}</pre>
    </div>
  </div>`;
}

function renderSigned(page: Page): TemplateResult | typeof nothing {
  const { signed, version, now } = page.view;
  if (!signed) return nothing;
  const parts = splitToken(signed.token, signed.segments);
  const segments = parts.map((part, i) => {
    const style = segmentStyle(i, parts.length, signed.encrypted);
    return html`${i > 0 ? html`<span class="seg-dot">.</span>` : nothing}<span class=${style.className} title=${style.title}>${part}</span>`;
  });
  const { ok, message } = signed.signature;
  return html`<div class="signed">
    <pre id="signed-token" class="token" role="region" tabindex="0" aria-label=${signed.encrypted ? 'Signed and encrypted token' : 'Signed token'}>${segments}</pre>
    <p id="signature-status" class=${ok ? 'ok' : 'error'}>${ok ? '✓' : '✗'} ${message}</p>
    ${signed.version !== version ? html`<p id="signed-stale" class="field-warning">${severityLabel('warning')} Signed from an older version of the profile — sign again.</p>` : nothing}
    ${signed.exp !== undefined ? html`<p class="hint">${tokenExpiry(signed.exp, now)}</p>` : nothing}
  </div>`;
}

function tokenExpiry(exp: number, nowMs: number): string {
  const left = exp - nowMs / 1000;
  const at = new Date(exp * 1000).toLocaleString();
  return left > 0 ? `This token expires at ${at} (in ${formatDuration(left)}).` : `This token expired at ${at} (${formatDuration(left)} ago).`;
}

function renderOutputButtons(page: Page, disabled: boolean): TemplateResult {
  const preset = page.view.model.preset;
  const snippets = preset?.snippets ?? [];
  const snippet = snippets.includes(page.view.snippet ?? '') ? page.view.snippet : snippets[0];
  const output = (action: OutputAction, name?: string) => () => page.act.output(name === undefined ? { type: 'output', action } : { type: 'output', action, snippet: name });
  return html`<div class="output-row" role="group" aria-label="Output: each action signs a fresh token">
    <vscode-button id="copy-token" secondary ?disabled=${disabled} @click=${output('copyToken')}>Copy Token</vscode-button>
    ${preset?.hasEmbedUrl
      ? html`<vscode-button id="copy-url" secondary ?disabled=${disabled} @click=${output('copyUrl')}>Copy Embed URL</vscode-button>
          <vscode-button id="open-url" secondary ?disabled=${disabled} @click=${output('openUrl')}>Open URL</vscode-button>`
      : nothing}
    ${snippets.length > 1
      ? html`<vscode-single-select
          id="snippet"
          class="snippet-select"
          .label=${'Snippet'}
          .value=${live(snippet ?? '')}
          ?disabled=${disabled}
          @change=${(e: Event) => page.act.chooseSnippet(control<SingleSelect>(e).value)}
        >
          ${snippets.map((s) => html`<vscode-option value=${s} ?selected=${s === snippet}>${s}</vscode-option>`)}
        </vscode-single-select>`
      : nothing}
    ${snippet !== undefined ? html`<vscode-button id="copy-snippet" secondary ?disabled=${disabled} @click=${output('copySnippet', snippet)}>Copy Snippet</vscode-button>` : nothing}
  </div>`;
}

/** Copy Integration Code signs nothing: the host asks for the language, opens the code beside the form and copies it. */
function renderCodeButton(page: Page, disabled: boolean): TemplateResult {
  return html`<div class="output-row" role="group" aria-label="Integration code">
    <vscode-button id="copy-code" secondary aria-describedby="copy-code-hint" ?disabled=${disabled} @click=${() => page.act.output({ type: 'copyCode' })}>Copy Integration Code</vscode-button>
    <span id="copy-code-hint" class="hint">The code your backend runs to make this token, in the language you pick; it reads the key from an environment variable.</span>
  </div>`;
}

function renderStatus(page: Page): TemplateResult {
  const status = page.view.status;
  // The live region is always in the page: screen readers only announce changes to one they already know.
  return html`<div id="status" class=${status ? 'status shown' : 'status'} role="status" aria-live="polite">
    ${status?.error ? html`<span class="error" role="alert">${severityLabel('error')} ${status.text}</span>` : nothing}
    ${status && !status.error ? html`<span><span aria-hidden="true">✓</span> ${status.text}</span>` : nothing}
  </div>`;
}
