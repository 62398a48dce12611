import { render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StatisticsView } from '../backend';
import { i18n } from '../i18n/index.svelte';
import { ANNA_HOUSEHOLD, fakeBackend, NO_STATISTICS } from './fakeBackend';
import Statistics from './Statistics.svelte';

// Chart.js needs a canvas that jsdom does not have; the table beside it has the numbers.
vi.mock('./StatisticsChart.svelte', () => ({ default: () => {} }));

const noAmount = { emptyings: 0, grams: 0 };

function year(kg: number): StatisticsView {
  const amount = { emptyings: 4, grams: kg * 1000 };
  return {
    archive: false,
    years: [2026],
    migrationDate: '2025-01-01',
    year: 2026,
    fetchedAt: Date.UTC(2026, 11, 2, 7),
    summary: {
      year: 2026,
      fractions: ['rest'],
      months: Array.from({ length: 12 }, (_, m) => [m === 0 ? amount : noAmount]),
      monthTotals: Array.from({ length: 12 }, (_, m) => (m === 0 ? amount : noAmount)),
      addresses: [{ key: 'a1', label: 'Storgatan 1', kommunkod: '0380', amounts: [amount], total: amount }],
      totals: [amount],
      total: amount,
    },
    addresses: [{ key: 'a1', label: 'Storgatan 1', kommunkod: '0380' }],
    kommuner: [{ code: '0380', name: 'Uppsala' }],
    fractions: [
      {
        code: 'rest',
        nameSv: 'Restavfall',
        nameEn: 'Residual waste',
        category: 'residual',
        colour: '#333333',
        icon: 'bin',
      },
    ],
  };
}

const nothing = NO_STATISTICS;

function show(backend: ReturnType<typeof fakeBackend>) {
  render(Statistics, {
    backend,
    customerId: ANNA_HOUSEHOLD,
    archive: false,
    offline: false,
    onSwitch: () => {},
  });
}

function synced(backend: ReturnType<typeof fakeBackend>, changed: boolean) {
  backend.emit({
    type: 'sync-finished',
    status: { lastSync: 1, offline: false, changed, nextSyncInMs: 1000, problem: null },
  });
}

beforeEach(() => {
  i18n.lang = 'sv';
});

describe('Statistik', () => {
  it('fetches again when a sync emptied the cache under it (the first sync after a login)', async () => {
    // The first refresh stored the year, then the login's first sync reset the cache
    // before the refresh read it back: it answers with nothing.
    const refresh = vi.fn(async () => nothing);
    refresh.mockResolvedValueOnce(nothing).mockResolvedValue(year(12.5));
    const backend = fakeBackend({ refresh_statistics: refresh });
    show(backend);
    await waitFor(() => expect(screen.getByTestId('stats-empty')).toBeInTheDocument());
    synced(backend, true);
    await waitFor(() => expect(screen.getByTestId('stats-total-weight')).toHaveTextContent('12,5'));
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('a sync that changed nothing asks nothing', async () => {
    const refresh = vi.fn(async () => year(12.5));
    const backend = fakeBackend({ refresh_statistics: refresh });
    show(backend);
    await waitFor(() => expect(screen.getByTestId('stats-total-weight')).toHaveTextContent('12,5'));
    synced(backend, false);
    await Promise.resolve();
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('an older answer arriving late does not replace a newer one', async () => {
    let first: (v: StatisticsView) => void = () => {};
    const refresh = vi.fn(async () => year(12.5));
    refresh.mockImplementationOnce(() => new Promise<StatisticsView>((r) => (first = r)));
    const backend = fakeBackend({ refresh_statistics: refresh });
    show(backend);
    await waitFor(() => expect(refresh).toHaveBeenCalledTimes(1));
    synced(backend, true);
    await waitFor(() => expect(screen.getByTestId('stats-total-weight')).toHaveTextContent('12,5'));
    first(nothing);
    await Promise.resolve();
    await Promise.resolve();
    expect(screen.getByTestId('stats-total-weight')).toHaveTextContent('12,5');
  });
});
