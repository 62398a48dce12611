// Hämtkalender's month arrives with each address, fraction and service named once and the
// pickups pointing at them by position (the core keeps a company's month small). The
// screens want each pickup spelled out, grouped by day.
import type { MonthView, PickupView } from '../backend';

const pad = (n: number) => String(n).padStart(2, '0');

export function monthPickups(view: MonthView): PickupView[] {
  const out: PickupView[] = [];
  for (const p of view.pickups) {
    const s = view.services[p.service];
    const a = s && view.addresses[s.address];
    const f = s && view.fractions[s.fraction];
    if (!s || !a || !f) continue;
    out.push({
      date: `${view.year}-${pad(view.month)}-${pad(p.day)}`,
      originalDate: p.originalDate,
      extra: p.extra,
      serviceId: s.id,
      addressId: a.id,
      street: a.street,
      fractionCode: f.code,
      fractionSv: f.nameSv,
      fractionEn: f.nameEn,
      colour: f.colour,
      icon: f.icon,
      container: s.container,
    });
  }
  return out;
}

/** The pickups of each date (`YYYY-MM-DD`), in the order given. */
export function byDate(pickups: PickupView[]): Map<string, PickupView[]> {
  const days = new Map<string, PickupView[]>();
  for (const p of pickups) {
    const day = days.get(p.date);
    if (day) day.push(p);
    else days.set(p.date, [p]);
  }
  return days;
}

export const emptyMonth = (year: number, month: number): MonthView => ({
  year,
  month,
  addresses: [],
  fractions: [],
  services: [],
  pickups: [],
});
