import { describe, expect, it } from 'vitest';
import { sv } from './sv';
import { en } from './en';
import { rfa_en, rfa_sv } from './rfa.generated';
import { ERROR_CODES } from '../backend/bindings';

describe('message catalogues', () => {
  it('have the same keys and no empty texts in Swedish and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
    for (const text of [...Object.values(sv), ...Object.values(en)]) expect(text.trim()).not.toBe('');
    expect(Object.keys(rfa_en)).toEqual(Object.keys(rfa_sv));
  });

  it('say every error code of the closed vocabulary in words, in both languages', () => {
    const missing = ERROR_CODES.filter((code) => !(`error.${code}` in sv) || !(`error.${code}` in en));
    expect(missing).toEqual([]);
  });
});
