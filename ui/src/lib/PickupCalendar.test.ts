import { render, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import PickupCalendar from './PickupCalendar.svelte';
import { ANNA_HOUSEHOLD, fakeBackend } from './fakeBackend';
import { i18n } from '../i18n/index.svelte';
import type { SyncStatusView } from '../backend';

beforeEach(() => {
  i18n.lang = 'sv';
});

const status = (changed: boolean): SyncStatusView => ({
  lastSync: 1_800_000_000_000,
  offline: false,
  changed,
  nextSyncInMs: 900_000,
  problem: null,
});

describe('Hämtkalender', () => {
  it('reloads from the cache when the core says a sync changed it, and only then', async () => {
    const backend = fakeBackend();
    const { unmount } = render(PickupCalendar, { backend, customerId: ANNA_HOUSEHOLD });
    await waitFor(() => expect(backend.calendar_month).toHaveBeenCalledTimes(1));
    backend.emit({ type: 'sync-finished', status: status(false) });
    backend.emit({ type: 'sync-finished', status: status(true) });
    await waitFor(() => expect(backend.calendar_month).toHaveBeenCalledTimes(2));
    // Gone from the screen: no longer listening.
    unmount();
    backend.emit({ type: 'sync-finished', status: status(true) });
    expect(backend.calendar_month).toHaveBeenCalledTimes(2);
  });
});
