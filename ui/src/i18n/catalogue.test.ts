import { describe, expect, it } from 'vitest';
import { sv } from './sv';
import { en } from './en';
import { rfa_en, rfa_sv } from './rfa.generated';

describe('message catalogues', () => {
  it('have the same keys and no empty texts in Swedish and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
    for (const text of [...Object.values(sv), ...Object.values(en)]) expect(text.trim()).not.toBe('');
    expect(Object.keys(rfa_en)).toEqual(Object.keys(rfa_sv));
  });
});
