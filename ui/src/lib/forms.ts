// Shared form plumbing: a backend error's field issues as a field → message map.
import { tick } from 'svelte';
import { errorCode } from '../backend';
import { errorText, fieldText } from '../i18n/index.svelte';

export interface FormErrors {
  /** A message for the whole form, or null. */
  form: string | null;
  fields: Record<string, string>;
}

export const noErrors = (): FormErrors => ({ form: null, fields: {} });

export function formErrors(e: unknown): FormErrors {
  const fields: Record<string, string> = {};
  if (typeof e === 'object' && e !== null && 'fields' in e && Array.isArray(e.fields)) {
    for (const f of e.fields as { field: string; code: string }[]) {
      fields[f.field] ??= fieldText(f.field, f.code);
    }
  }
  return { form: errorText(errorCode(e)), fields };
}

/** `11122` → `111 22`, the way Swedish postal codes are written. */
export function formatPostnummer(code: string): string {
  return /^\d{5}$/.test(code) ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}

/**
 * After a form came back with errors, focus goes to the first wrong field, or else to the
 * form's error message, so a keyboard or screen-reader user lands where the problem is.
 */
export async function focusProblem(form: HTMLElement | null | undefined): Promise<void> {
  await tick();
  if (!form) return;
  const field = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (field) {
    field.focus();
    return;
  }
  const message = form.querySelector<HTMLElement>('[role="alert"]');
  if (message) {
    if (!message.hasAttribute('tabindex')) message.setAttribute('tabindex', '-1');
    message.focus();
  }
}

/**
 * A Swedish number as stored (`+46701234501`) the way people write it (`070-123 45 01`),
 * matching the hint under the field; anything else as it is.
 */
export function formatPhone(stored: string): string {
  const m = /^\+467(\d)(\d{3})(\d{2})(\d{2})$/.exec(stored);
  return m ? `07${m[1]}-${m[2]} ${m[3]} ${m[4]}` : stored;
}

/** Where a saved file went, as a person reads it: its name (the folder is Hämtade filer). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
