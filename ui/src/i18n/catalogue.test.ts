import { describe, expect, it } from 'vitest';
import { sv } from './sv';
import { en } from './en';
import { rfa_en, rfa_sv } from './rfa.generated';
import { ERROR_CODES } from '../backend/bindings';
import { i18n, tn } from './index.svelte';

describe('message catalogues', () => {
  it('have the same keys and no empty texts in Swedish and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
    for (const text of [...Object.values(sv), ...Object.values(en)]) expect(text.trim()).not.toBe('');
    expect(Object.keys(rfa_en)).toEqual(Object.keys(rfa_sv));
  });

  it("give every plural message its `other` form, and pick forms by the language's rules", () => {
    for (const key of Object.keys(sv).filter((k) => k.endsWith('.one'))) {
      expect(Object.keys(sv)).toContain(key.replace(/\.one$/, '.other'));
    }
    i18n.lang = 'sv';
    expect(tn('details.kommuner.chosen', 1)).toBe('Visar 1 kommun.');
    expect(tn('details.kommuner.chosen', 2)).toBe('Visar 2 kommuner.');
    expect(tn('details.kommuner.chosen', 1234)).toBe('Visar 1\u00a0234 kommuner.');
    i18n.lang = 'en';
    expect(tn('details.kommuner.chosen', 1)).toBe('Showing 1 municipality.');
    expect(tn('details.kommuner.chosen', 21)).toBe('Showing 21 municipalities.');
    i18n.lang = 'sv';
  });

  it('say every error code of the closed vocabulary in words, in both languages', () => {
    const missing = ERROR_CODES.filter((code) => !(`error.${code}` in sv) || !(`error.${code}` in en));
    expect(missing).toEqual([]);
  });
});
