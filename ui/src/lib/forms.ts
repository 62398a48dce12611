// Shared form plumbing: a backend error's field issues as a field → message map.
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
