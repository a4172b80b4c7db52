// The Encryption (JWE) section: the switch, the recipient key and the content
// encryption.

import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { controlNotes, notesId } from './controlNotes';
import type { Checkbox, SingleSelect } from './elements';
import { control } from './elements';
import type { Page } from './page';
import { showJwkButton } from './tokenSection';
import { defaultEncryption } from './values';

export function renderEncryption(page: Page, disabled: boolean): TemplateResult {
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
