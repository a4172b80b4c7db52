// Rows of named values (`claims:` and `embed:`) and the box that adds one.
// Both sections use these functions with a different FieldSpec, so a claim and
// an embed parameter are edited, validated and labelled the same way.
// fieldCommon.ts holds the specs and ids, valueEditor.ts a row's value control,
// addBox.ts the add box.

import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ClaimType, FieldRow, FieldSuggestion } from '../src/shared/protocol';
import { CLAIM_TYPES } from '../src/shared/protocol';
import { renderAddBox } from './addBox';
import type { SingleSelect, TextField } from './elements';
import { control } from './elements';
import type { FieldSpec } from './fieldCommon';
import { addIds, capitalize, ids, localError, renderMessages, valueBasis } from './fieldCommon';
import type { Page } from './page';
import { markClean, synced } from './synced';
import { renderValueEditor } from './valueEditor';
import { convertValue, nameProblem, plainText, shown, TYPE_WORDS } from './values';

/** The rows, in document order, then the add box. */
export function renderFields(page: Page, spec: FieldSpec, rows: readonly FieldRow[], suggestions: readonly FieldSuggestion[], disabled: boolean): TemplateResult {
  return html`
    <div class="field-rows" role="list" aria-label=${`${capitalize(spec.noun)}s`}>
      ${repeat(rows, (row) => row.name, (row, index) => renderRow(page, spec, rows, row, index, disabled))}
    </div>
    ${rows.length === 0 ? html`<p class="hint">No ${spec.noun}s yet.</p>` : nothing}
    ${renderAddBox(page, spec, rows, suggestions, disabled)}
  `;
}

function renderRow(page: Page, spec: FieldSpec, rows: readonly FieldRow[], row: FieldRow, index: number, disabled: boolean): TemplateResult {
  const id = ids(spec, row.name);
  const nameError = page.view.errorFor(id.name, row.name);
  const valueError = page.view.errorFor(id.value, valueBasis(row));
  const typeError = page.view.errorFor(id.type, valueBasis(row));
  const typed = spec.typed === true && !row.known;
  const type = typed ? shownType(page, row) : undefined;
  const shownRow: FieldRow = type === 'date' ? { ...row, kind: 'date' } : type === 'number' ? { ...row, kind: 'number' } : row;
  const hasNotes = Boolean(row.description) || row.messages.length > 0 || nameError !== undefined || valueError !== undefined || typeError !== undefined;
  const describedBy = hasNotes ? id.notes : undefined;
  return html`
    <div class="field-row" role="listitem" aria-label=${`${capitalize(spec.noun)} ${row.name}`}>
      <div class="field-name">
        <vscode-textfield
          id=${id.name}
          .label=${`Name of ${spec.noun} ${row.name}`}
          .value=${synced(row.name)}
          ?invalid=${nameError !== undefined}
          ?disabled=${disabled}
          @change=${(e: Event) => renameRow(page, spec, rows, row, control<TextField>(e))}
        ></vscode-textfield>
        ${row.required ? html`<span class="tag tag-required" title="The preset requires this ${spec.noun}">required</span>` : nothing}
        ${row.known ? nothing : html`<span class="tag tag-unknown" title="The preset's schema does not describe this ${spec.noun}">not in schema</span>`}
      </div>
      <div class="field-value">
        ${typed ? renderTypeChooser(page, spec, row, type, typeError !== undefined, disabled) : nothing}
        ${renderValueEditor(page, spec, shownRow, id.value, valueError !== undefined, disabled, describedBy)}
      </div>
      <vscode-button
        id=${id.remove}
        class="remove"
        secondary
        aria-label=${`Remove ${spec.noun} ${row.name}`}
        title=${`Remove ${spec.noun} ${row.name}`}
        ?disabled=${disabled}
        @click=${() => removeRow(page, spec, rows, index)}
        >✕</vscode-button
      >
      <div class="field-notes" id=${id.notes}>
        ${row.description ? html`<vscode-form-helper>${row.description}</vscode-form-helper>` : nothing}
        ${localError(nameError)} ${localError(valueError)} ${localError(typeError)}
        ${renderMessages(row.messages)}
      </div>
    </div>
  `;
}

/** The type the chooser shows: the model's, or number / date as the person chose to see a number. */
function shownType(page: Page, row: FieldRow): ClaimType | undefined {
  const chosen = page.view.shownAs(row.name);
  if (typeof row.value === 'number' && (chosen === 'date' || chosen === 'number')) return chosen;
  return row.type;
}

function renderTypeChooser(page: Page, spec: FieldSpec, row: FieldRow, current: ClaimType | undefined, invalid: boolean, disabled: boolean): TemplateResult {
  const id = ids(spec, row.name);
  const onChange = (e: Event) => {
    const chosen = control<SingleSelect>(e).value as ClaimType;
    if (!CLAIM_TYPES.includes(chosen) || chosen === current) return;
    const basis = valueBasis(row);
    const converted = convertValue(row.value, chosen);
    if (!converted.ok) {
      // The value stays; the chooser goes back to the value's own type and says why.
      page.act.setError(id.type, converted.message, basis);
      page.act.resync();
      return;
    }
    page.act.setError(id.type, undefined, basis);
    page.act.showAs(row.name, chosen === 'date' || chosen === 'number' ? chosen : undefined);
    const same = JSON.stringify(converted.value) === basis;
    if (same) {
      page.act.note(`${capitalize(spec.noun)} ${row.name} is shown as ${TYPE_WORDS[chosen].label}; the YAML keeps ${plainText(row.value)}.`, false);
      page.act.resync();
      return;
    }
    page.act.note(`${capitalize(spec.noun)} ${row.name} is now ${TYPE_WORDS[chosen].label}: ${shown(converted.value)}.`, false);
    page.act.edit({ op: 'set', path: [spec.root, row.name], value: converted.value });
  };
  return html`<vscode-single-select
    id=${id.type}
    class="type-select"
    .label=${`Type of ${spec.noun} ${row.name}`}
    .value=${live(current ?? 'null')}
    ?invalid=${invalid}
    ?disabled=${disabled}
    @change=${onChange}
  >
    ${current === undefined ? html`<vscode-option value="null" selected description="The YAML holds null">null</vscode-option>` : nothing}
    ${CLAIM_TYPES.map((t) => html`<vscode-option value=${t} ?selected=${t === current}>${TYPE_WORDS[t].label}</vscode-option>`)}
  </vscode-single-select>`;
}

function renameRow(page: Page, spec: FieldSpec, rows: readonly FieldRow[], row: FieldRow, field: TextField): void {
  const id = ids(spec, row.name).name;
  const to = field.value.trim();
  if (to === row.name) {
    page.act.setError(id, undefined, row.name);
    markClean(field);
    page.act.resync();
    return;
  }
  const problem = nameProblem(to, rows.map((r) => r.name), spec.noun, row.name);
  page.act.setError(id, problem, row.name);
  if (problem) return;
  markClean(field);
  // The row is keyed by name, so it comes back as a new element: follow it.
  page.act.focusLater(ids(spec, to).name);
  page.act.edit({ op: 'rename', path: [spec.root, row.name], to });
}

function removeRow(page: Page, spec: FieldSpec, rows: readonly FieldRow[], index: number): void {
  const row = rows[index];
  if (!row) return;
  // Keep the keyboard nearby: the next row's remove button, else the previous one, else the add box.
  const neighbour = rows[index + 1] ?? rows[index - 1];
  page.act.focusLater(neighbour ? ids(spec, neighbour.name).remove : addIds(spec).name);
  page.act.edit({ op: 'remove', path: [spec.root, row.name] });
}
