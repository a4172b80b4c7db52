// The Token Editor page as a function of the model and the page's UI state.
// lit re-renders all of it on every model; only changed bindings touch the
// DOM, so focus, caret and open dropdowns survive.

import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { formatDuration } from '../src/core/token/times';
import type { ClaimSwitch, EditorModel, FormControl, KeyChoice, OutputAction } from '../src/shared/protocol';
import type { Checkbox, SingleSelect, TextField } from './elements';
import { control } from './elements';
import { CLAIM_FIELDS, EMBED_FIELDS, ids, renderFields, renderMessages, renderValueEditor, severityLabel } from './fields';
import type { Page } from './page';
import { markClean, synced } from './synced';
import { compactJson, defaultEncryption, expiryText, parseTtlField, segmentStyle, showsEmbed, splitToken } from './values';

/** The key select's last entry; not a valid ring id (those have no colon), so it cannot clash with a key. */
const GENERATE_KEY = ':generate';

const QUICK_TTLS = [
  { id: 'ttl-5m', text: '5 min', ttl: '5m', seconds: 300 },
  { id: 'ttl-15m', text: '15 min', ttl: '15m', seconds: 900 },
  { id: 'ttl-1h', text: '1 h', ttl: '1h', seconds: 3600 },
] as const;

const REGISTERED_LABELS: Record<string, string> = {
  iat: 'issued at: the signing time',
  exp: 'expires: signing time plus the lifetime',
  nbf: 'not before: the signing time',
  jti: 'token id: random and unique per token',
  iss: 'issuer: who made the token',
  sub: 'subject: whom the token is about',
};

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

/** The id of the messages shown beside a control (aria-describedby points there). */
const notesId = (c: FormControl): string => `${c}-problems`;

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

/** The document's messages about a control, under it, each with a link to its line; the control's aria-describedby names this block. */
function controlNotes(page: Page, control: FormControl): TemplateResult | typeof nothing {
  const messages = page.view.model.controlMessages[control] ?? [];
  if (messages.length === 0) return nothing;
  return html`<div id=${notesId(control)} class="control-notes">
    <ul class="messages">${messages.map((m) => problemItem(page, m))}</ul>
  </div>`;
}

/** One message from the document with a link to its line in the YAML. */
function problemItem(page: Page, m: EditorModel['messages'][number]): TemplateResult {
  return html`<li class=${`sev-${m.severity}`} role=${m.severity === 'error' ? 'alert' : nothing}>${severityLabel(m.severity)}
    <button class="line-link" type="button" aria-label=${`Show line ${m.line} in the YAML`} @click=${() => page.act.send({ type: 'openText', line: m.line })}>line ${m.line}</button>
    ${m.message}</li>`;
}

/** The aria-describedby of a control: its messages and any other notes shown with it. */
function describedBy(model: EditorModel, control: FormControl, ...others: Array<string | undefined>): string | undefined {
  const list = [(model.controlMessages[control] ?? []).length > 0 ? notesId(control) : undefined, ...others].filter((x): x is string => Boolean(x));
  return list.length > 0 ? list.join(' ') : undefined;
}

function docsLink(docs: string | undefined): TemplateResult | typeof nothing {
  // Presets can be user files: only web links become links.
  if (!docs || !/^https?:\/\//i.test(docs)) return nothing;
  return html` · <a id="docs-link" href=${docs}>Vendor documentation</a>`;
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

// ---------------------------------------------------------------- Token

function renderToken(page: Page, disabled: boolean): TemplateResult {
  return html`<div class="form-grid">
    <vscode-label for="preset">Preset</vscode-label>
    <div class="control">${presetSelect(page, disabled)}</div>
    <vscode-label for="key">Signing key</vscode-label>
    <div class="control">${keySelect(page, disabled)}</div>
    <vscode-label for="alg">Algorithm</vscode-label>
    <div class="control">${algSelect(page, disabled)}</div>
    <span class="grid-label" id="ttl-label">Lifetime</span>
    <div class="control" role="group" aria-labelledby="ttl-label">${lifetime(page, disabled)}</div>
  </div>`;
}

function presetSelect(page: Page, disabled: boolean): TemplateResult {
  const { presets, presetId } = page.view.model;
  const current = presetId ?? '';
  const listed = presets.some((p) => p.id === current);
  return html`<vscode-single-select
    id="preset"
    .label=${'Preset'}
    aria-describedby=${ifDefined(describedBy(page.view.model, 'preset'))}
    .value=${live(current)}
    ?disabled=${disabled}
    @change=${(e: Event) => {
      const chosen = control<SingleSelect>(e).value;
      if (chosen && chosen !== presetId) page.act.edit({ op: 'set', path: ['preset'], value: chosen });
    }}
  >
    ${listed ? nothing : html`<vscode-option value=${current} selected>${presetId ? `${presetId} (unknown preset)` : 'Choose a preset…'}</vscode-option>`}
    ${presets.map((p) => html`<vscode-option value=${p.id} description=${p.id} ?selected=${p.id === current}>${p.name}</vscode-option>`)}
  </vscode-single-select>
  ${controlNotes(page, 'preset')}`;
}

function keySelect(page: Page, disabled: boolean): TemplateResult {
  const { keys, keyId } = page.view.model;
  const current = keyId ?? '';
  const chosen = keys.find((k) => k.id === current);
  const onChange = (e: Event) => {
    const value = control<SingleSelect>(e).value;
    if (value === GENERATE_KEY) {
      page.act.send({ type: 'generateKey' });
      // The host writes the new key's id when there is one; until then the select shows the current key.
      page.act.resync();
    } else if (value && value !== keyId) {
      page.act.edit({ op: 'set', path: ['key'], value });
    }
  };
  const model = page.view.model;
  // The document's own message says the same as these local ones when it has one.
  const documentSays = (model.controlMessages.key ?? []).some((m) => m.code === 'KEY_UNKNOWN' || m.code === 'KEY_ALG_MISMATCH' || m.code === 'KEY_NOT_PRIVATE');
  const local = documentSays ? undefined : chosen?.unusable ? `This key cannot sign these tokens: ${chosen.unusable.replace(/\.$/, '')}.` : keyId && !chosen ? `There is no key "${keyId}" in the key ring. Import it with JWT: Import Key, or generate one.` : undefined;
  return html`<div class="key-row">
      <vscode-single-select id="key" .label=${'Signing key'} aria-describedby=${ifDefined(describedBy(model, 'key', local ? 'key-local' : undefined))} .value=${live(current)} ?disabled=${disabled} @change=${onChange}>
        ${chosen ? nothing : html`<vscode-option value=${current} selected>${keyId ? `${keyId} (not in the key ring)` : 'Choose a key…'}</vscode-option>`}
        ${keys.map((k) => html`<vscode-option value=${k.id} description=${keyDescription(k)} ?selected=${k.id === current}>${k.unusable ? `${k.id} (unusable)` : k.id}</vscode-option>`)}
        <vscode-option value=${GENERATE_KEY} description="Make a key suited to this preset and use it here">Generate new key…</vscode-option>
      </vscode-single-select>
      ${showJwkButton(page, 'show-key', chosen, 'signing key')}
    </div>
    ${controlNotes(page, 'key')}
    ${local ? html`<p id="key-local" class="field-warning">${severityLabel('warning')} ${local}</p>` : nothing}`;
}

/**
 * "Show JWK" beside a key picker: the extension shows the key's public members; nothing about the key comes to the page.
 * A shared secret has no public half, so for one the button is off and says why.
 */
function showJwkButton(page: Page, id: string, key: KeyChoice | undefined, what: string): TemplateResult {
  const keyId = key?.id;
  const secret = key?.kty === 'oct';
  const title = !keyId ? `Choose a ${what} first` : secret ? `'${keyId}' is a shared secret: it has no public half to show` : `Show the JWK of ${what} '${keyId}'`;
  return html`<vscode-button
    id=${id}
    secondary
    title=${title}
    aria-label=${keyId && !secret ? `Show JWK of ${what} ${keyId}` : `Show JWK: ${title}`}
    ?disabled=${!keyId || secret}
    @click=${() => keyId && !secret && page.act.send({ type: 'showKey', id: keyId })}
    >Show JWK</vscode-button
  >`;
}

function keyDescription(k: KeyChoice): string {
  return `${k.alg} · ${k.kty}${k.unusable ? ` — ${k.unusable}` : ''}`;
}

function algSelect(page: Page, disabled: boolean): TemplateResult {
  const { model } = page.view;
  const written = model.algWritten ?? '';
  const allowed: readonly string[] = model.preset?.algAllowed ?? [];
  const keyAlg = model.keys.find((k) => k.id === model.keyId)?.alg;
  const automatic = keyAlg ? `From key (${keyAlg})` : model.preset ? `Preset default (${model.preset.algDefault})` : 'From key';
  const listed = written === '' || allowed.includes(written);
  const onChange = (e: Event) => {
    const value = control<SingleSelect>(e).value;
    if (value === written) return;
    page.act.edit(value === '' ? { op: 'remove', path: ['alg'] } : { op: 'set', path: ['alg'], value });
  };
  return html`<vscode-single-select id="alg" .label=${'Algorithm'} aria-describedby=${ifDefined(describedBy(model, 'alg'))} .value=${live(written)} ?disabled=${disabled} @change=${onChange}>
      <vscode-option value="" description="No alg: in the profile; the key's algorithm is used" ?selected=${written === ''}>${automatic}</vscode-option>
      ${listed ? nothing : html`<vscode-option value=${written} selected description="Not allowed by the preset">${written} (not allowed)</vscode-option>`}
      ${allowed.map((a) => html`<vscode-option value=${a} ?selected=${a === written}>${a}</vscode-option>`)}
    </vscode-single-select>
    ${controlNotes(page, 'alg')}`;
}

function lifetime(page: Page, disabled: boolean): TemplateResult {
  const { model, now } = page.view;
  const preset = model.preset;
  const written = model.ttlWritten ?? '';
  const error = page.view.errorFor('ttl-custom', written);
  const onCustom = (e: Event) => {
    const field = control<TextField>(e);
    const parsed = parseTtlField(field.value);
    if (!parsed.ok) {
      page.act.setError('ttl-custom', parsed.message, written);
      return;
    }
    page.act.setError('ttl-custom', undefined, written);
    markClean(field);
    if (parsed.value === undefined) {
      if (model.ttlWritten !== undefined) page.act.edit({ op: 'remove', path: ['ttl'] });
    } else if (String(parsed.value) !== written) {
      page.act.edit({ op: 'set', path: ['ttl'], value: parsed.value });
    }
  };
  const helper = [
    preset ? `Preset default ${preset.lifetimeDefault}${preset.lifetimeMax ? `, at most ${preset.lifetimeMax}` : ''}.` : '',
    preset?.guidance ?? '',
  ].filter(Boolean);
  return html`<div class="ttl-row">
      ${QUICK_TTLS.map((q) => {
        const pressed = model.ttlSeconds === q.seconds;
        return html`<vscode-button
          id=${q.id}
          ?secondary=${!pressed}
          aria-pressed=${pressed ? 'true' : 'false'}
          aria-label=${`Lifetime ${q.text}`}
          ?disabled=${disabled}
          @click=${() => {
            if (written !== q.ttl) page.act.edit({ op: 'set', path: ['ttl'], value: q.ttl });
          }}
          >${q.text}</vscode-button
        >`;
      })}
      <vscode-textfield
        id="ttl-custom"
        class="ttl-custom"
        .label=${'Custom lifetime, for example 10m, 2h or 300 (seconds)'}
        placeholder=${preset ? `default ${preset.lifetimeDefault}` : '15m'}
        .value=${synced(written)}
        aria-describedby=${ifDefined(describedBy(model, 'ttl'))}
        ?invalid=${error !== undefined}
        ?disabled=${disabled}
        @change=${onCustom}
      ></vscode-textfield>
    </div>
    ${error === undefined ? nothing : html`<p class="local-error" role="alert">${severityLabel('error')} ${error}</p>`}
    ${controlNotes(page, 'ttl')}
    ${helper.length > 0 ? html`<vscode-form-helper>${helper.join(' ')}</vscode-form-helper>` : nothing}
    <p id="expiry" class="expiry">${model.ttlSeconds !== undefined ? expiryText(now, model.ttlSeconds) : 'No lifetime yet: pick one above.'}</p>`;
}

// ---------------------------------------------------------------- Generated claims

function renderRegistered(page: Page, disabled: boolean): TemplateResult {
  const { model } = page.view;
  return html`<div class="switches">
    ${model.registered.map(
      (sw) => html`<div class="switch-row">
        <vscode-checkbox
          id=${`registered-${sw.name}`}
          toggle
          .checked=${live(sw.on)}
          ?disabled=${disabled || !sw.switchable}
          @change=${(e: Event) => page.act.edit({ op: 'set', path: ['registered', sw.name], value: control<Checkbox>(e).checked })}
          ><code>${sw.name}</code> — ${REGISTERED_LABELS[sw.name] ?? sw.name}</vscode-checkbox
        >
        ${sw.switchable ? nothing : html`<span class="hint">fixed by ${model.preset?.name ?? 'the preset'}</span>`}
      </div>`,
    )}
    ${model.claimSwitches.map((sw) => renderClaimSwitch(page, sw, disabled))}
  </div>
  ${controlNotes(page, 'registered')}`;
}

/**
 * iss / sub: a switch that writes the claim into `claims:` (on) or takes it
 * out (off), with its value beside it. The value of a claim switched off is
 * kept in the page, so switching it on again brings it back.
 */
function renderClaimSwitch(page: Page, sw: ClaimSwitch, disabled: boolean): TemplateResult {
  const { model } = page.view;
  const valueId = `claim-value-${sw.name}`;
  const notes = `registered-${sw.name}-notes`;
  const hasNotes = Boolean(sw.row && sw.row.messages.length > 0);
  const onChange = (e: Event) => {
    const on = control<Checkbox>(e).checked;
    if (on === sw.on) return;
    if (on) {
      const kept = page.view.remembered(sw.name);
      page.act.remember(sw.name, undefined);
      page.act.focusLater(valueId);
      page.act.edit({ op: 'set', path: ['claims', sw.name], value: kept === undefined ? sw.initial : kept });
    } else {
      page.act.remember(sw.name, sw.row?.value);
      page.act.edit({ op: 'remove', path: ['claims', sw.name] });
    }
  };
  const kept = page.view.remembered(sw.name);
  return html`<div class="switch-row claim-switch">
      <vscode-checkbox
        id=${`registered-${sw.name}`}
        toggle
        .checked=${live(sw.on)}
        ?disabled=${disabled || !sw.switchable}
        aria-describedby=${ifDefined(hasNotes ? notes : undefined)}
        @change=${onChange}
        ><code>${sw.name}</code> — ${REGISTERED_LABELS[sw.name] ?? sw.name}</vscode-checkbox
      >
      <div class="field-value switch-value">
        ${sw.row
          ? renderValueEditor(page, CLAIM_FIELDS, sw.row, valueId, page.view.errorFor(valueId, JSON.stringify(sw.row.value) ?? '') !== undefined, disabled, hasNotes ? notes : undefined)
          : html`<span class="hint">${kept !== undefined && kept !== '' ? `off (${typeof kept === 'string' ? kept : JSON.stringify(kept)} comes back when switched on)` : 'off: not in the token'}</span>`}
      </div>
      ${sw.required ? html`<span class="hint">required by ${model.preset?.name ?? 'the preset'}</span>` : nothing}
    </div>
    ${sw.row ? html`<div id=${notes} class="switch-notes">${renderMessages(sw.row.messages)}</div>` : nothing}`;
}

// ---------------------------------------------------------------- Encryption

function renderEncryption(page: Page, disabled: boolean): TemplateResult {
  const { model } = page.view;
  const encrypt = model.encrypt;
  const first = defaultEncryption(model.encryptKeys);
  const onSwitch = (e: Event) => {
    if (!control<Checkbox>(e).checked) page.act.edit({ op: 'remove', path: ['encrypt'] });
    else if (first) page.act.edit({ op: 'set', path: ['encrypt'], value: first });
  };
  const recipient = model.encryptKeys.find((k) => k.id === encrypt?.key);
  return html`<vscode-checkbox id="encrypt" .checked=${live(Boolean(encrypt))} ?disabled=${disabled || (!encrypt && !first)} @change=${onSwitch}>Encrypt the token (JWE)</vscode-checkbox>
    <vscode-form-helper>${first || encrypt
      ? 'The signed token is wrapped for one recipient, who decrypts it with their private key.'
      : "No encryption key in the key ring yet: import the recipient's public encryption key (a JWK with \"use\": \"enc\", or a PEM for RSA-OAEP / ECDH-ES) with JWT: Import Key."}</vscode-form-helper>
    ${encrypt
      ? html`<div class="form-grid">
          ${model.encryptKeys.length > 0
            ? html`<vscode-label for="encrypt-key">Recipient key</vscode-label>
                <div class="control">
                  <div class="key-row">
                    ${choiceSelect(page, 'encrypt-key', 'Recipient key', 'key', encrypt.key, model.encryptKeys.map((k) => ({ value: k.id, description: `${k.alg} · ${k.kty}` })), disabled)}
                    ${showJwkButton(page, 'show-encrypt-key', recipient, 'recipient key')}
                  </div>
                </div>`
            : html`<span class="grid-label">Recipient key</span>
                <p class="hint control">Import the partner's public encryption key with JWT: Import Key.</p>`}
          <span class="grid-label">Key algorithm</span>
          <p id="encrypt-alg" class="control">${encrypt.alg ?? recipient?.alg ?? '—'} <span class="hint">(the recipient key's own)</span></p>
          <vscode-label for="encrypt-enc">Content encryption</vscode-label>
          <div class="control">${choiceSelect(page, 'encrypt-enc', 'Content encryption', 'enc', encrypt.enc, model.jweEncs.map((a) => ({ value: a })), disabled)}</div>
        </div>`
      : nothing}
    ${controlNotes(page, 'encrypt')}`;
}

/** A select over `encrypt.<field>`, with the written value kept visible even when it is not offered. */
function choiceSelect(
  page: Page,
  id: string,
  label: string,
  field: 'key' | 'enc',
  written: string | undefined,
  choices: ReadonlyArray<{ value: string; description?: string }>,
  disabled: boolean,
): TemplateResult {
  const current = written ?? '';
  const listed = choices.some((c) => c.value === current);
  const onChange = (e: Event) => {
    const value = control<SingleSelect>(e).value;
    if (value && value !== current) page.act.edit({ op: 'set', path: ['encrypt', field], value });
  };
  const notes = (page.view.model.controlMessages.encrypt ?? []).length > 0 ? notesId('encrypt') : undefined;
  return html`<vscode-single-select id=${id} .label=${label} aria-describedby=${ifDefined(notes)} .value=${live(current)} ?disabled=${disabled} @change=${onChange}>
    ${listed ? nothing : html`<vscode-option value=${current} selected>${current ? `${current} (not available)` : 'Choose…'}</vscode-option>`}
    ${choices.map((c) => html`<vscode-option value=${c.value} description=${c.description ?? ''} ?selected=${c.value === current}>${c.value}</vscode-option>`)}
  </vscode-single-select>`;
}

// ---------------------------------------------------------------- Preview and output

function renderOutput(page: Page, disabled: boolean): TemplateResult {
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
    ${renderSigned(page)} ${renderOutputButtons(page, disabled)} ${renderStatus(page)}`;
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

// ---------------------------------------------------------------- Problems and status

function renderProblems(page: Page, model: EditorModel): TemplateResult | typeof nothing {
  if (model.messages.length === 0) return nothing;
  return html`<section id="problems" class="problems" aria-labelledby="problems-heading">
    <h2 id="problems-heading">Problems</h2>
    <ul class="messages">
      ${model.messages.map((m) => problemItem(page, m))}
    </ul>
  </section>`;
}

function renderStatus(page: Page): TemplateResult {
  const status = page.view.status;
  // The live region is always in the page: screen readers only announce changes to one they already know.
  return html`<div id="status" class=${status ? 'status shown' : 'status'} role="status" aria-live="polite">
    ${status?.error ? html`<span class="error" role="alert">${severityLabel('error')} ${status.text}</span>` : nothing}
    ${status && !status.error ? html`<span><span aria-hidden="true">✓</span> ${status.text}</span>` : nothing}
  </div>`;
}
