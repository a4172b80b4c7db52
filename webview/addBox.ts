// The box under the claims and embed rows that adds one: a name (typed or
// chosen from the schema), and for claims outside the schema a type and a value.

import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { live } from 'lit/directives/live.js';
import type { ClaimType, FieldKind, FieldRow, FieldSuggestion } from '../src/shared/protocol';
import { CLAIM_TYPES } from '../src/shared/protocol';
import type { SingleSelect, TextField } from './elements';
import { control } from './elements';
import type { FieldSpec } from './fieldCommon';
import { addIds, ids, localError } from './fieldCommon';
import type { Page } from './page';
import { emptyValueOf, nameProblem, parseTypedText, switchedClaimProblem, TYPE_WORDS } from './values';

export function renderAddBox(page: Page, spec: FieldSpec, rows: readonly FieldRow[], suggestions: readonly FieldSuggestion[], disabled: boolean): TemplateResult {
  const id = addIds(spec);
  const error = page.view.errorFor(id.name, '');
  const valueError = page.view.errorFor(id.value, '');
  // The model lists required suggestions first.
  const ordered = suggestions.filter((s) => !rows.some((r) => r.name === s.name));
  const add = () => addRow(page, spec, rows, suggestions);
  const onEnter = (e: KeyboardEvent) => {
    // The select handles Enter first (it may pick the highlighted option); add once it has.
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) setTimeout(add, 0);
  };
  const round = page.view.addRound(spec.section);
  const schemaClaim = suggestions.find((s) => s.name === page.act.draft(spec.section).trim());
  const left = page.view.leftDraft(spec.section);
  const type = page.view.addType(spec.section);
  return html`
    <div class="add-row">
      <vscode-label for=${id.name}>Add ${spec.noun}</vscode-label>
      ${keyed(
        round,
        html`<vscode-single-select
          id=${id.name}
          combobox
          creatable
          filter="contains"
          .label=${`Add ${spec.noun}: type a name or choose one`}
          ?invalid=${error !== undefined}
          ?disabled=${disabled}
          @input=${(e: Event) => readTyped(page, spec, e)}
          @change=${(e: Event) => {
            const chosen = control<SingleSelect>(e).value;
            if (chosen) page.act.setDraft(spec.section, chosen);
          }}
          @keydown=${onEnter}
          @focusout=${(e: Event) => {
            const box = control<SingleSelect>(e);
            const typed = page.act.draft(spec.section).trim();
            if (typed === '' || box.value === typed) return;
            if (ordered.some((s) => s.name === typed)) box.value = typed;
            else page.act.leaveDraft(spec.section);
          }}
        >
          ${left !== undefined ? html`<vscode-option value=${left} selected description="new">${left}</vscode-option>` : nothing}
          ${ordered.map(
            (s) => html`<vscode-option value=${s.name} description=${[s.required ? 'required' : '', s.description ?? ''].filter(Boolean).join(' · ')}>${s.name}</vscode-option>`,
          )}
        </vscode-single-select>`,
      )}
      ${spec.typed
        ? html`${schemaClaim
              ? html`<span id=${id.type} class="hint add-type-fixed">${kindLabel(schemaClaim.kind)}, from the preset's schema</span>`
              : html`<vscode-single-select
                  id=${id.type}
                  class="type-select"
                  .label=${`Type of the new ${spec.noun}`}
                  .value=${live(type)}
                  ?disabled=${disabled}
                  @change=${(e: Event) => page.act.setAddType(spec.section, control<SingleSelect>(e).value as ClaimType)}
                >
                  ${CLAIM_TYPES.map((t) => html`<vscode-option value=${t} ?selected=${t === type}>${TYPE_WORDS[t].label}</vscode-option>`)}
                </vscode-single-select>`}
            ${keyed(
              round,
              html`<vscode-textfield
                id=${id.value}
                class="add-value"
                .label=${`Value of the new ${spec.noun}`}
                placeholder=${schemaClaim ? 'value (empty: the schema example)' : TYPE_WORDS[type].placeholder}
                ?invalid=${valueError !== undefined}
                ?disabled=${disabled}
                @input=${() => page.act.setError(id.value, undefined, '')}
                @keydown=${onEnter}
              ></vscode-textfield>`,
            )}`
        : nothing}
      <vscode-button id=${id.button} ?disabled=${disabled} @click=${add}>Add</vscode-button>
    </div>
    ${localError(error)} ${localError(valueError)}
  `;
}

function kindLabel(kind: FieldKind): string {
  return kind === 'json' ? 'list or object' : kind === 'enum' ? 'one of a list' : kind === 'date' ? 'date' : kind;
}

/** A schema claim's kind as a type for reading the add box's text. */
function typeOfKind(kind: FieldKind, initial: unknown): ClaimType {
  switch (kind) {
    case 'number':
    case 'integer': return 'number';
    case 'boolean': return 'boolean';
    case 'date': return 'date';
    case 'json': return Array.isArray(initial) ? 'array' : 'object';
    default: return 'string';
  }
}

/** Typing in the combobox: the native input event comes from the inner text box, whose value is the typed name. */
function readTyped(page: Page, spec: FieldSpec, event: Event): void {
  const origin = event.composedPath()[0];
  if (!(origin instanceof HTMLInputElement)) return;
  page.act.setDraft(spec.section, origin.value);
  // A refused name is being retyped: the old message no longer applies.
  page.act.setError(addIds(spec).name, undefined, '');
}

function addRow(page: Page, spec: FieldSpec, rows: readonly FieldRow[], suggestions: readonly FieldSuggestion[]): void {
  const id = addIds(spec);
  const name = page.act.draft(spec.section).trim();
  if (name === '') {
    // Nothing typed yet: the add box is where to start.
    page.act.setError(id.name, undefined, '');
    document.getElementById(id.name)?.focus();
    return;
  }
  // iss and sub are not rows while the form shows them beside their switches: adding one would overwrite it.
  const problem = nameProblem(name, rows.map((r) => r.name), spec.noun) ?? (spec.root === 'claims' ? switchedClaimProblem(name, page.view.model.claimSwitches) : undefined);
  page.act.setError(id.name, problem, '');
  if (problem) return;
  const suggestion = suggestions.find((s) => s.name === name);
  let value: unknown = suggestion ? suggestion.initial : '';
  if (spec.typed) {
    const text = (document.getElementById(id.value) as TextField | null)?.value ?? '';
    const type = suggestion ? typeOfKind(suggestion.kind, suggestion.initial) : page.view.addType(spec.section);
    if (text.trim() !== '' || (!suggestion && type !== 'string')) {
      const read = text.trim() === '' ? { ok: true as const, value: emptyValueOf(type, Date.now() / 1000) } : parseTypedText(text, type);
      if (!read.ok) {
        // The name and the text stay in the box, to be corrected.
        page.act.setError(id.value, read.message, '');
        return;
      }
      value = read.value;
    } else if (!suggestion) {
      value = text;
    }
    if (!suggestion) page.act.showAs(name, type === 'date' || type === 'number' ? type : undefined);
    page.act.setError(id.value, undefined, '');
  }
  page.act.setDraft(spec.section, '');
  // The new row's value is what to fill in next (decided while the add box still has focus).
  page.act.focusLater(ids(spec, name).value);
  page.act.resetAddBox(spec.section);
  page.act.edit({ op: 'set', path: [spec.root, name], value });
}
