// Calendar dates (`YYYY-MM-DD`, no time of day) in the UI language's conventions.

export type Locale = 'sv' | 'en';

const tag = (l: Locale) => (l === 'en' ? 'en-GB' : 'sv-SE');

/** Noon UTC of the day, so no time zone moves it to a neighbouring date. */
export function parseDay(iso: string): Date {
  return new Date(`${iso}T12:00:00Z`);
}

/** Today's date on this device, `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A pickup day as a person says it: "i dag", "i morgon", else "tis 5 jan.", with the year
 * when it is not this year's. `relative: false` for a date that is not a pickup (a moved
 * pickup's planned date).
 */
export function formatDay(
  iso: string,
  l: Locale,
  { today = todayIso(), relative = true }: { today?: string; relative?: boolean } = {},
): string {
  const days = Math.round((parseDay(iso).getTime() - parseDay(today).getTime()) / 86_400_000);
  if (relative && (days === 0 || days === 1)) {
    return new Intl.RelativeTimeFormat(tag(l), { numeric: 'auto' }).format(days, 'day');
  }
  return new Intl.DateTimeFormat(tag(l), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: iso.slice(0, 4) === today.slice(0, 4) ? undefined : 'numeric',
    timeZone: 'UTC',
  }).format(parseDay(iso));
}

export function weekdayName(isoWeekday: number, l: Locale): string {
  // 2024-01-01 was a Monday.
  const d = new Date(Date.UTC(2024, 0, isoWeekday, 12));
  return new Intl.DateTimeFormat(tag(l), { weekday: 'long', timeZone: 'UTC' }).format(d);
}

export function monthTitle(year: number, month: number, l: Locale): string {
  const text = new Intl.DateTimeFormat(tag(l), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, 1, 12)),
  );
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The weeks of a month, Monday first; `null` pads days outside it. */
export function monthGrid(year: number, month: number): (string | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1, 12));
  const days = new Date(Date.UTC(year, month, 0, 12)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= days; d++) {
    cells.push(`${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  }
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

export function nowMonth(): { year: number; month: number } {
  const d = new Date();
  return { year: d.getFullYear(), month: d.getMonth() + 1 };
}

/** "söndag 17 januari" / "Sunday 17 January". */
export function formatLongDay(iso: string, l: Locale): string {
  return new Intl.DateTimeFormat(tag(l), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(parseDay(iso));
}

/** The last day something is valid (Unix ms): "15 december 2026", the year always said. */
export function formatExpiry(ms: number, l: Locale): string {
  return new Intl.DateTimeFormat(tag(l), { day: 'numeric', month: 'long', year: 'numeric' }).format(ms);
}

/**
 * A moment (Unix ms) as a person says it: "i dag 14:05", "i går 09:12", or the date
 * ("3 dec. 2026 14:05"), in the device's time zone like every other time the app shows
 * (`timeZone` is for tests).
 */
export function formatMoment(ms: number, l: Locale, now: number = Date.now(), timeZone?: string): string {
  const day = (t: number) => new Intl.DateTimeFormat('sv-SE', { timeZone }).format(new Date(t));
  const time = new Intl.DateTimeFormat(tag(l), { hour: '2-digit', minute: '2-digit', timeZone }).format(
    new Date(ms),
  );
  const diff = Math.round((Date.parse(day(ms)) - Date.parse(day(now))) / 86_400_000);
  if (diff === 0 || diff === -1) {
    const rel = new Intl.RelativeTimeFormat(tag(l), { numeric: 'auto' }).format(diff, 'day');
    return `${rel} ${time}`;
  }
  const date = new Intl.DateTimeFormat(tag(l), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone,
  }).format(new Date(ms));
  return `${date} ${time}`;
}

/** The calendar day before `iso`. */
export function previousDay(iso: string): string {
  const d = parseDay(iso);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
