// Message catalogues and the current language. Swedish is the default; the choice is kept
// in localStorage (it is a preference, not personal data).
import { sv, type MessageKey } from './sv';
import { en } from './en';
import { rfa_en, rfa_sv } from './rfa.generated';
import type { ErrorCode } from '../backend/bindings';

export type Lang = 'sv' | 'en';
const STORAGE_KEY = 'kretslopp.lang';

function initial(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'sv';
  } catch {
    return 'sv';
  }
}

const state = $state<{ lang: Lang }>({ lang: initial() });

export const i18n = {
  get lang(): Lang {
    return state.lang;
  },
  set lang(lang: Lang) {
    state.lang = lang;
    document.documentElement.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Private mode: the choice lasts until the app closes.
    }
  },
};

export function t(key: MessageKey, params: Record<string, string> = {}): string {
  const text: string = (state.lang === 'en' ? en : sv)[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/** Message keys that come in plural forms: `<key>.one`, `<key>.other`. */
type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}.other` ? Base : never) : never;

/**
 * A message with a count, in the plural form the language's rules pick
 * (`Intl.PluralRules`: Swedish and English have `one` and `other`), the count written as
 * the language writes numbers (`1 234` in Swedish).
 */
export function tn(key: PluralKey, count: number, params: Record<string, string> = {}): string {
  const form = new Intl.PluralRules(state.lang).select(count);
  const specific = `${key}.${form}`;
  const chosen = (specific in sv ? specific : `${key}.other`) as MessageKey;
  return t(chosen, { ...params, count: formatNumber(count) });
}

/** A number as the UI language writes it (Swedish: 1 234,5). */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(state.lang === 'en' ? 'en-GB' : 'sv-SE').format(n);
}

/** BankID's recommended user message for a code such as `RFA1`. */
export function rfaText(code: string): string {
  const table: Record<string, string> = state.lang === 'en' ? rfa_en : rfa_sv;
  return table[code] ?? table['RFA22'];
}

/** A backend error code in words (every code has one; the catalogue test checks). */
export function errorText(code: ErrorCode): string {
  const key = `error.${code}`;
  return key in sv ? t(key as MessageKey) : t('error.unknown');
}

/** What is wrong with one form field, from the server's field error code. */
export function fieldText(field: string, code: string): string {
  const specific = `field.${field}.${code}`;
  if (specific in sv) return t(specific as MessageKey);
  const generic = `field.${code}`;
  return generic in sv ? t(generic as MessageKey) : t('field.format');
}

/** A date and time in the UI language's conventions (Swedish: 2026-11-23 14:05). */
export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(state.lang === 'en' ? 'en-GB' : 'sv-SE', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(ms);
}
