// The Generated claims section: the iat / exp / nbf / jti switches, and iss /
// sub as switches with their value beside them.

import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { ClaimSwitch } from '../src/shared/protocol';
import { controlNotes } from './controlNotes';
import type { Checkbox } from './elements';
import { control } from './elements';
import { CLAIM_FIELDS, renderMessages } from './fieldCommon';
import type { Page } from './page';
import { renderValueEditor } from './valueEditor';

const REGISTERED_LABELS: Record<string, string> = {
  iat: 'issued at: the signing time',
  exp: 'expires: signing time plus the lifetime',
  nbf: 'not before: the signing time',
  jti: 'token id: random and unique per token',
  iss: 'issuer: who made the token',
  sub: 'subject: whom the token is about',
};

export function renderRegistered(page: Page, disabled: boolean): TemplateResult {
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
