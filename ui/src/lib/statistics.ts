// What Statistik shows of a summary: the numbers come summed from the core
// (domain::statistics); this only picks the metric and writes numbers the Swedish way.
import type { Amount, StatisticsAddress } from '../backend';
import type { Lang } from '../i18n/index.svelte';

export type Metric = 'weight' | 'emptyings';

/** The number a chart bar or table cell shows; `null` where nothing was weighed. */
export function value(a: Amount, metric: Metric): number | null {
  if (metric === 'emptyings') return a.emptyings;
  return a.grams === null ? null : a.grams / 1000;
}

const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'sv-SE');

/** Kilograms with one decimal, as the language writes them: "1 234,5". */
export function formatKg(kg: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    kg,
  );
}

/** A table cell: kilograms or a count. "–" only where something was emptied and not
 *  weighed; nothing emptied weighs nothing. */
export function cell(a: Amount, metric: Metric, lang: Lang): string {
  const v = a.emptyings === 0 && a.grams === null ? 0 : value(a, metric);
  if (v === null) return '–';
  return metric === 'weight' ? formatKg(v, lang) : new Intl.NumberFormat(locale(lang)).format(v);
}

/** Short month names, January first ("jan", "feb", …). */
export function monthNames(lang: Lang, style: 'short' | 'long' = 'short'): string[] {
  const f = new Intl.DateTimeFormat(locale(lang), { month: style, timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, m) => f.format(Date.UTC(2026, m, 15)).replace('.', ''));
}

/** The addresses a picker offers within a kommun, in street order like every screen. */
export function pickable(addresses: StatisticsAddress[], kommun: string | null): StatisticsAddress[] {
  return addresses
    .filter((a) => kommun === null || a.kommunkod === kommun)
    .sort((a, b) => a.label.localeCompare(b.label, 'sv'));
}
