import { describe, expect, it } from 'vitest';
import { cell, formatKg, monthNames, pickable, value } from './statistics';

describe('statistics', () => {
  it('writes kilograms the Swedish way and says when nothing was weighed', () => {
    expect(formatKg(1234.56, 'sv')).toBe('1\u00a0234,6');
    expect(formatKg(1234.56, 'en')).toBe('1,234.6');
    expect(cell({ emptyings: 4, grams: 40_250 }, 'weight', 'sv')).toBe('40,3');
    expect(cell({ emptyings: 4, grams: null }, 'weight', 'sv')).toBe('–');
    expect(cell({ emptyings: 0, grams: null }, 'weight', 'sv')).toBe('0,0');
    expect(cell({ emptyings: 2, grams: 26_000 }, 'weight', 'sv')).toBe('26,0');
    expect(cell({ emptyings: 1234, grams: null }, 'emptyings', 'sv')).toBe('1\u00a0234');
    expect(value({ emptyings: 3, grams: null }, 'weight')).toBeNull();
  });

  it('names months and sorts addresses as Swedes read them', () => {
    expect(monthNames('sv')[0]).toBe('jan');
    expect(monthNames('en', 'long')[11]).toBe('December');
    const list = pickable(
      [
        { key: 'b', label: 'Ödegatan 1', kommunkod: '0380' },
        { key: 'a', label: 'Ängsvägen 2', kommunkod: '0380' },
        { key: 'c', label: 'Åkervägen 3', kommunkod: '0330' },
      ],
      null,
    );
    expect(list.map((a) => a.key)).toEqual(['c', 'a', 'b']);
    expect(pickable(list, '0330').map((a) => a.key)).toEqual(['c']);
  });
});
