import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReminderSettingsView } from '../backend';
import { i18n } from '../i18n/index.svelte';
import { ANNA_HOUSEHOLD, fakeBackend } from './fakeBackend';
import Reminders from './Reminders.svelte';

function settings(partial: Partial<ReminderSettingsView> = {}): ReminderSettingsView {
  const service = (id: string, sv: string, en: string) => ({
    serviceId: id,
    addressId: 'a1',
    street: 'Storgatan 1',
    fractionSv: sv,
    fractionEn: en,
    colour: '#333333',
    icon: 'bin',
    selected: true,
  });
  return {
    timeChoices: ['17:00', '17:30', '18:00', '18:30', '19:00', '19:30', '20:00'],
    enabled: false,
    time: '18:00',
    services: [
      service('a1-rest', 'Restavfall', 'Residual waste'),
      service('a1-mat', 'Matavfall', 'Food waste'),
    ],
    next: null,
    ...partial,
  };
}

beforeEach(() => {
  i18n.lang = 'sv';
});

describe('Påminnelser', () => {
  it('saves the time and the services left out, and tells when the next reminder comes', async () => {
    const backend = fakeBackend({
      reminder_settings: vi.fn(async () => settings()),
      save_reminder_settings: vi.fn(async () =>
        settings({
          enabled: true,
          time: '19:30',
          next: {
            at: 0,
            pickupDate: '2027-02-01',
            street: 'Storgatan 1',
            fractionsSv: ['Restavfall'],
            fractionsEn: ['Residual waste'],
          },
        }),
      ),
    });
    render(Reminders, { backend, customerId: ANNA_HOUSEHOLD });
    await waitFor(() => expect(screen.getByTestId('reminders-next')).toHaveTextContent('avstängda'));
    await fireEvent.click(screen.getByTestId('reminders-enabled'));
    await fireEvent.change(screen.getByTestId('reminders-time'), { target: { value: '19:30' } });
    await fireEvent.click(screen.getByTestId('reminder-service-a1-mat'));
    await fireEvent.click(screen.getByTestId('reminders-save'));
    expect(backend.save_reminder_settings).toHaveBeenCalledWith({
      customerId: ANNA_HOUSEHOLD,
      input: { enabled: true, time: '19:30', excludedServiceIds: ['a1-mat'], lang: 'sv' },
    });
    await waitFor(() =>
      expect(screen.getByTestId('reminders-next')).toHaveTextContent(
        'Nästa påminnelse: söndag 31 januari kl. 19:30 – Restavfall, Storgatan 1.',
      ),
    );
  });

  it('shows a refused time next to the field', async () => {
    const backend = fakeBackend({
      reminder_settings: vi.fn(async () => settings({ enabled: true })),
      save_reminder_settings: vi.fn(async () => {
        throw { code: 'validation-failed', message: '', fields: [{ field: 'time', code: 'range' }] };
      }),
    });
    render(Reminders, { backend, customerId: ANNA_HOUSEHOLD });
    await waitFor(() => expect(screen.getByTestId('reminders-save')).toBeInTheDocument());
    await fireEvent.click(screen.getByTestId('reminders-save'));
    await waitFor(() => expect(screen.getByText('Välj en tid mellan 12:00 och 23:59.')).toBeInTheDocument());
    expect(screen.getByRole('alert')).toHaveTextContent('Kontrollera de markerade fälten.');
  });
});
