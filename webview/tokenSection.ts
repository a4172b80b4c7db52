// The Token section: preset, signing key (with Show JWK and Generate new key),
// algorithm and lifetime.

import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { KeyChoice } from '../src/shared/protocol';
import { controlNotes, describedBy } from './controlNotes';
import type { SingleSelect, TextField } from './elements';
import { control } from './elements';
import { severityLabel } from './fieldCommon';
import type { Page } from './page';
import { markClean, synced } from './synced';
import { expiryText, parseTtlField } from './values';

/** The key select's last entry; not a valid ring id (those have no colon), so it cannot clash with a key. */
const GENERATE_KEY = ':generate';

const QUICK_TTLS = [
  { id: 'ttl-5m', text: '5 min', ttl: '5m', seconds: 300 },
  { id: 'ttl-15m', text: '15 min', ttl: '15m', seconds: 900 },
  { id: 'ttl-1h', text: '1 h', ttl: '1h', seconds: 3600 },
] as const;

export function renderToken(page: Page, disabled: boolean): TemplateResult {
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
export function showJwkButton(page: Page, id: string, key: KeyChoice | undefined, what: string): TemplateResult {
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
