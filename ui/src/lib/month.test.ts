import { describe, expect, it } from 'vitest';
import type { MonthView } from '../backend';
import { byDate, monthPickups } from './month';

const view: MonthView = {
  year: 2027,
  month: 1,
  addresses: [{ id: 'a1', street: 'Storgatan 12', postalCode: '75320', city: 'Uppsala', kommunkod: '0380' }],
  fractions: [
    {
      code: 'rest',
      nameSv: 'Restavfall',
      nameEn: 'Residual waste',
      category: 'residual',
      colour: '#555555',
      icon: 'bin',
    },
  ],
  services: [{ id: 's1', address: 0, fraction: 0, container: 'Kärl 190 l' }],
  pickups: [
    { day: 7, service: 0, originalDate: '2027-01-06', extra: false },
    { day: 20, service: 0, originalDate: null, extra: false },
    { day: 20, service: 3, originalDate: null, extra: false },
  ],
};

describe('a month from the core', () => {
  it('spells out each pickup with its address and fraction, skipping dangling ones', () => {
    const pickups = monthPickups(view);
    expect(pickups.map((p) => p.date)).toEqual(['2027-01-07', '2027-01-20']);
    expect(pickups[0]).toMatchObject({
      street: 'Storgatan 12',
      fractionSv: 'Restavfall',
      originalDate: '2027-01-06',
      container: 'Kärl 190 l',
    });
    expect(byDate(pickups).get('2027-01-20')?.length).toBe(1);
  });
});
