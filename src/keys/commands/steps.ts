import * as vscode from 'vscode';

// Small multi-step input helpers: every step has a title and its number ("n/total"
// once the total is known), works with the keyboard alone, and Escape cancels
// the whole flow (undefined).

/**
 * One step of a multi-step flow. `totalSteps` is left out while it is not yet
 * known (the count then reads "2", not "2/5"): a flow shows a total only when
 * it is exact, so the count never jumps back or ahead by surprise.
 */
export interface Step {
  title: string;
  step: number;
  totalSteps?: number;
}

export interface Choice<T> extends vscode.QuickPickItem {
  value?: T;
}

/** One pick from `items`; items without a `value` are informational and cannot be chosen. `active` picks the item Enter takes (the first choice by default). */
export function pickOne<T>(items: Choice<T>[], step: Step & { placeholder: string; active?: (value: T) => boolean }): Promise<T | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<Choice<T>>();
    Object.assign(pick, { title: step.title, step: step.step, totalSteps: step.totalSteps, placeholder: step.placeholder });
    pick.items = items;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    const first = items.find((i) => i.value !== undefined && (step.active?.(i.value) ?? true)) ?? items.find((i) => i.value !== undefined);
    if (first) pick.activeItems = [first];
    let done = false;
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      if (chosen?.value === undefined) return;
      done = true;
      resolve(chosen.value);
      pick.hide();
    });
    pick.onDidHide(() => {
      if (!done) resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

export interface TextStep extends Step {
  prompt: string;
  value?: string;
  placeholder?: string;
  password?: boolean;
  /** Shown from the start, e.g. why the last attempt failed. */
  problem?: string;
  /** A message when the text cannot be used; checked as the person types and again on Enter. */
  validate?: (value: string) => string | undefined;
}

/** Text typed by the person, trimmed; undefined when they press Escape. */
export function askText(step: TextStep): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    Object.assign(box, {
      title: step.title,
      step: step.step,
      totalSteps: step.totalSteps,
      prompt: step.prompt,
      value: step.value ?? '',
      placeholder: step.placeholder ?? '',
      password: step.password ?? false,
      ignoreFocusOut: step.password ?? false,
    });
    if (step.problem) box.validationMessage = step.problem;
    let done = false;
    const check = (value: string): string | undefined => step.validate?.(value.trim());
    box.onDidChangeValue((value) => {
      box.validationMessage = check(value);
    });
    box.onDidAccept(() => {
      const problem = check(box.value);
      if (problem) {
        box.validationMessage = problem;
        return;
      }
      done = true;
      resolve(step.password ? box.value : box.value.trim());
      box.hide();
    });
    box.onDidHide(() => {
      if (!done) resolve(undefined);
      box.dispose();
    });
    box.show();
  });
}

/** Asks to confirm something that cannot be undone; true only for the named action. */
export async function confirmModal(message: string, detail: string, action: string): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  return answer === action;
}
