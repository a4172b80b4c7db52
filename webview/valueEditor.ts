// The control for one value, chosen by the kind the model worked out from the
// schema (text, number, switch, list of values, JSON, date), and how its text
// is read back before an edit is sent.

import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { FieldRow, ProfilePath } from '../src/shared/protocol';
import type { Checkbox, SingleSelect, TextArea, TextField } from './elements';
import { control } from './elements';
import type { FieldSpec } from './fieldCommon';
import { valueBasis } from './fieldCommon';
import { isCutJson, jsonFieldText } from './jsonText';
import type { Page } from './page';
import { markClean, synced } from './synced';
import type { Parsed } from './values';
import { epochToLocalInput, localInputToEpoch, parseJsonField, parseNumberField, plainText } from './values';

/** The control for a row's value, chosen by the kind the model worked out from the schema. */
export function renderValueEditor(page: Page, spec: FieldSpec, row: FieldRow, id: string, invalid: boolean, disabled: boolean, describedBy?: string): TemplateResult {
  const label = `Value of ${spec.noun} ${row.name}`;
  const path: ProfilePath = [spec.root, row.name];
  const commit = (el: Element, parsed: Parsed<unknown>) => commitValue(page, el, id, valueBasis(row), parsed, path);
  switch (row.kind) {
    case 'enum':
      return renderEnum(page, row, id, label, path, disabled, describedBy);
    case 'boolean':
      return html`<vscode-checkbox
          id=${id}
          aria-describedby=${ifDefined(describedBy)}
          toggle
          .checked=${live(row.value === true)}
          ?disabled=${disabled}
          @change=${(e: Event) => page.act.edit({ op: 'set', path, value: control<Checkbox>(e).checked })}
          ><span class="visually-hidden">${label}</span></vscode-checkbox
        ><span class="bool-text" aria-hidden="true">${row.value === true ? 'true' : 'false'}</span>`;
    case 'number':
    case 'integer': {
      const integer = row.kind === 'integer';
      return html`<vscode-textfield
        id=${id}
        aria-describedby=${ifDefined(describedBy)}
        type="number"
        class=${integer ? 'number' : 'number decimal'}
        step=${integer ? '1' : nothing}
        .label=${label}
        .value=${synced(typeof row.value === 'number' ? String(row.value) : '')}
        ?invalid=${invalid}
        ?disabled=${disabled}
        @change=${(e: Event) => commit(control(e), parseNumberField(control<TextField>(e).value, integer))}
      ></vscode-textfield>`;
    }
    case 'json': {
      const text = jsonFieldText(row.value);
      // No resize handle: vscode-textarea draws it with a data: image, which the page's CSP refuses.
      // A value too long to show whole is shown cut and read-only: it is edited in the YAML.
      return html`<vscode-textarea
        id=${id}
        aria-describedby=${ifDefined(describedBy)}
        monospace
        resize="none"
        rows=${Math.min(12, Math.max(2, lineCount(text, 12)))}
        .label=${label}
        .value=${synced(text)}
        ?invalid=${invalid}
        ?disabled=${disabled || isCutJson(text)}
        @change=${(e: Event) => commit(control(e), parseJsonField(control<TextArea>(e).value))}
      ></vscode-textarea>`;
    }
    case 'date':
      return html`<vscode-textfield
          id=${id}
          aria-describedby=${ifDefined(describedBy)}
          type="datetime-local"
          step="1"
          .label=${`${label} (local time)`}
          .value=${synced(typeof row.value === 'number' ? (epochToLocalInput(row.value) ?? '') : '')}
          ?invalid=${invalid}
          ?disabled=${disabled}
          @change=${(e: Event) => commit(control(e), dateValue(control<TextField>(e).value))}
        ></vscode-textfield
        ><span class="raw" title="NumericDate: seconds since 1970-01-01 UTC">${plainText(row.value)}</span>`;
    case 'string':
    default:
      return html`<vscode-textfield
        id=${id}
        aria-describedby=${ifDefined(describedBy)}
        .label=${label}
        .value=${synced(plainText(row.value))}
        ?invalid=${invalid}
        ?disabled=${disabled}
        @change=${(e: Event) => commit(control(e), { ok: true, value: control<TextField>(e).value })}
      ></vscode-textfield>`;
  }
}

function renderEnum(page: Page, row: FieldRow, id: string, label: string, path: ProfilePath, disabled: boolean, describedBy: string | undefined): TemplateResult {
  // Options are told apart by their JSON text, so 1 and "1" stay different values.
  const key = (v: unknown): string => JSON.stringify(v) ?? 'null';
  const current = key(row.value);
  const options = row.options ?? [];
  const listed = options.some((o) => key(o) === current);
  return html`<vscode-single-select
    id=${id}
    aria-describedby=${ifDefined(describedBy)}
    .label=${label}
    .value=${live(current)}
    ?disabled=${disabled}
    @change=${(e: Event) => {
      const chosen = control<SingleSelect>(e).value;
      if (chosen !== current) page.act.edit({ op: 'set', path, value: JSON.parse(chosen) as unknown });
    }}
  >
    ${listed ? nothing : html`<vscode-option value=${current} selected description="Not one of the allowed values">${plainText(row.value) || '(empty)'}</vscode-option>`}
    ${options.map((o) => html`<vscode-option value=${key(o)} ?selected=${key(o) === current}>${plainText(o)}</vscode-option>`)}
  </vscode-single-select>`;
}

function dateValue(text: string): Parsed<number> {
  const seconds = localInputToEpoch(text);
  return seconds === undefined ? { ok: false, message: 'Enter a date and time.' } : { ok: true, value: seconds };
}

function commitValue(page: Page, el: Element, id: string, basis: string, parsed: Parsed<unknown>, path: ProfilePath): void {
  if (!parsed.ok) {
    // Nothing is sent: the field keeps the text so it can be corrected.
    page.act.setError(id, parsed.message, basis);
    return;
  }
  page.act.setError(id, undefined, basis);
  markClean(el);
  page.act.edit({ op: 'set', path, value: parsed.value });
}

/** Lines in `text`, counted up to `max`. */
function lineCount(text: string, max: number): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1 && lines < max; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}
