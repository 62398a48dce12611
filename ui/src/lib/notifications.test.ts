import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationView } from '../backend';
import { i18n } from '../i18n/index.svelte';
import NotificationBell from './NotificationBell.svelte';
import { notificationTarget, notificationText } from './notifications';

function note(event: NotificationView['event']): NotificationView {
  return {
    id: 'n1',
    customerId: 'c1',
    customerName: null,
    event,
    fraction:
      event.kind === 'pickup-moved'
        ? {
            code: 'rest',
            nameSv: 'Restavfall',
            nameEn: 'Residual waste',
            category: 'residual',
            colour: '#555',
            icon: 'bin',
          }
        : null,
    createdAt: 1_800_000_000_000,
    read: false,
  };
}

afterEach(() => {
  i18n.lang = 'sv';
});

describe('Avisering', () => {
  it('says every kind of event in Swedish and English and leads where it is dealt with', () => {
    const moved = note({
      kind: 'pickup-moved',
      addressId: 'a1',
      street: 'Storgatan 12',
      fractionCode: 'rest',
      from: '2027-02-01',
      to: '2027-02-03',
    });
    expect(notificationText(moved)).toBe(
      'Hämtningen av Restavfall på Storgatan 12 flyttas från måndag 1 februari till onsdag 3 februari.',
    );
    const sent = note({ kind: 'order-status', orderId: 'x', number: 'AB12CD34', status: 'sent' });
    expect(notificationText(sent)).toBe('Din beställning AB12CD34 av sorteringspåsar är skickad.');
    expect(notificationTarget(sent)).toBe('orders');
    expect(notificationTarget(moved)).toBe('calendar');
    const waiting = note({ kind: 'approval-waiting', memberId: 'm', name: 'Johan Ek' });
    expect(notificationTarget(waiting)).toBe('admin');
    i18n.lang = 'en';
    expect(notificationText(moved)).toBe(
      'The Residual waste pickup at Storgatan 12 moves from Monday 1 February to Wednesday 3 February.',
    );
    expect(notificationText(note({ kind: 'invite-accepted', name: 'Johan Ek' }))).toBe(
      'Johan Ek has accepted your invitation.',
    );
  });

  it('shows a badge only while something is unread', async () => {
    const { rerender } = render(NotificationBell, { unread: 0, current: false, onOpen: () => {} });
    expect(screen.queryByTestId('bell-count')).toBeNull();
    expect(screen.getByTestId('bell')).toHaveAccessibleName('Avisering');
    await rerender({ unread: 2, current: false, onOpen: () => {} });
    expect(screen.getByTestId('bell-count')).toHaveTextContent('2');
    expect(screen.getByTestId('bell')).toHaveAccessibleName('Avisering, 2 olästa');
  });
});
