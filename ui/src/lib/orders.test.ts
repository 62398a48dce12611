import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrderFormView, OrderView } from '../backend';
import { i18n } from '../i18n/index.svelte';
import BagOrder from './BagOrder.svelte';
import { formatDay, formatMoment } from './dates';
import { fakeBackend } from './fakeBackend';
import MyOrders from './MyOrders.svelte';

const green = {
  code: 'gron',
  nameSv: 'Grön – matavfall',
  nameEn: 'Green – food waste',
  displayColour: '#2e8540',
};
const orange = {
  code: 'orange',
  nameSv: 'Orange – plastförpackningar',
  nameEn: 'Orange – plastic packaging',
  displayColour: '#f28c28',
};

function form(): OrderFormView {
  return {
    maxRolls: 3,
    addresses: [
      {
        id: 'a1',
        street: 'Storgatan 12',
        postalCode: '75320',
        city: 'Uppsala',
        colours: [green, orange],
        openOrder: null,
      },
      {
        id: 'a2',
        street: 'Sjövägen 4',
        postalCode: '74191',
        city: 'Knivsta',
        colours: [green],
        openOrder: '8E03978E',
      },
    ],
  };
}

function order(partial: Partial<OrderView>): OrderView {
  return {
    id: 'o1',
    number: 'ABCDEF12',
    address: 'Storgatan 12, Uppsala',
    lines: [{ colour: green, rolls: 2 }],
    state: 'received',
    orderedBy: 'Anna Andersson',
    createdAt: Date.now(),
    sentAt: null,
    deliveredAt: null,
    cancelledAt: null,
    refusal: null,
    mayCancel: true,
    mayDismiss: false,
    ...partial,
  };
}

beforeEach(() => {
  i18n.lang = 'sv';
});

describe('Beställ påsar', () => {
  it('counts to three rolls at most and places what the summary says', async () => {
    const placed = vi.fn(async () => order({ state: 'queued' }));
    const onPlaced = vi.fn();
    const backend = fakeBackend({ order_form: vi.fn(async () => form()), place_order: placed });
    render(BagOrder, { backend, customerId: 'c1', onPlaced });
    const more = await screen.findByTestId('order-more-gron');
    expect(screen.getByTestId('order-place')).toBeDisabled();
    await fireEvent.click(more);
    await fireEvent.click(more);
    await fireEvent.click(screen.getByTestId('order-more-orange'));
    expect(screen.getByTestId('order-counter')).toHaveTextContent('3 av 3 rullar');
    // Full: no colour can be added.
    expect(screen.getByTestId('order-more-gron')).toBeDisabled();
    expect(screen.getByTestId('order-more-orange')).toBeDisabled();
    expect(screen.getByTestId('order-summary')).toHaveTextContent(
      'Du beställer 2 rullar Grön – matavfall och 1 rulle Orange – plastförpackningar till Storgatan 12, Uppsala.',
    );
    await fireEvent.click(screen.getByTestId('order-place'));
    await waitFor(() => expect(onPlaced).toHaveBeenCalled());
    expect(placed).toHaveBeenCalledWith({
      customerId: 'c1',
      input: {
        addressId: 'a1',
        lines: [
          { colour: 'gron', rolls: 2 },
          { colour: 'orange', rolls: 1 },
        ],
      },
    });
  });

  it('says when the address already has an order on its way, and why an order was refused', async () => {
    const backend = fakeBackend({
      order_form: vi.fn(async () => form()),
      place_order: vi.fn(async () => {
        throw { code: 'bag-colour-not-offered', message: '' };
      }),
    });
    render(BagOrder, { backend, customerId: 'c1', onPlaced: vi.fn() });
    const address = await screen.findByTestId('order-address');
    await fireEvent.change(address, { target: { value: 'a2' } });
    expect(await screen.findByTestId('order-open')).toHaveTextContent('Beställning 8E03978E är redan på väg');
    await fireEvent.change(address, { target: { value: 'a1' } });
    await fireEvent.click(await screen.findByTestId('order-more-gron'));
    await fireEvent.click(screen.getByTestId('order-place'));
    expect(await screen.findByTestId('order-problem')).toHaveTextContent(
      'Den färgen delas inte ut i adressens kommun.',
    );
  });
});

describe('Mina beställningar', () => {
  it('marks queued and refused orders and says the reason in words', async () => {
    const backend = fakeBackend({
      orders: vi.fn(async () => [
        order({ id: 'q', number: 'QUEUED01', state: 'queued', orderedBy: null }),
        order({
          id: 'r',
          number: 'REFUSED1',
          state: 'refused',
          refusal: 'customer-not-found',
          mayCancel: false,
          mayDismiss: true,
        }),
        order({ id: 's', number: 'SENT0001', state: 'sent', sentAt: Date.now(), mayCancel: false }),
      ]),
    });
    render(MyOrders, { backend, customerId: 'c1', onOrder: vi.fn() });
    const queued = await screen.findByTestId('order-QUEUED01');
    expect(queued).toHaveTextContent('Köad');
    expect(queued).toHaveTextContent('skickas automatiskt');
    expect(queued).toHaveTextContent('Ångra');
    const refused = screen.getByTestId('order-REFUSED1');
    expect(refused).toHaveTextContent('Avvisad');
    expect(refused).toHaveTextContent('Du har inte längre åtkomst till den kunden.');
    expect(refused).not.toHaveTextContent('customer-not-found');
    expect(screen.getByTestId('order-SENT0001')).toHaveTextContent('Skickad i dag');
  });

  it('cancels only after a confirmation and reloads when the core says orders changed', async () => {
    const list = vi.fn(async () => [order({})]);
    const cancel = vi.fn(async () => [
      order({ state: 'cancelled', mayCancel: false, cancelledAt: Date.now() }),
    ]);
    const backend = fakeBackend({ orders: list, cancel_order: cancel });
    render(MyOrders, { backend, customerId: 'c1', onOrder: vi.fn() });
    await fireEvent.click(await screen.findByTestId('order-cancel'));
    expect(cancel).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('order-cancel-yes'));
    await waitFor(() => expect(screen.getByTestId('order-state')).toHaveTextContent('Avbruten'));
    expect(cancel).toHaveBeenCalledWith({ customerId: 'c1', orderId: 'o1' });
    backend.emit({ type: 'orders-changed' });
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
  });
});

describe('formatDay', () => {
  it('says i dag and i morgon, and the year only when it is not this year', () => {
    const today = '2026-12-01';
    expect(formatDay('2026-12-01', 'sv', { today })).toBe('i dag');
    expect(formatDay('2026-12-02', 'sv', { today })).toBe('i morgon');
    expect(formatDay('2026-12-02', 'en', { today })).toBe('tomorrow');
    expect(formatDay('2026-12-03', 'sv', { today })).toBe('tors 3 dec.');
    expect(formatDay('2027-01-05', 'sv', { today })).toBe('tis 5 jan. 2027');
    expect(formatDay('2026-12-02', 'sv', { today, relative: false })).toBe('ons 2 dec.');
  });
});

describe('formatMoment', () => {
  it('says i dag and i går, and the date otherwise', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(formatMoment(Date.parse('2026-12-01T09:05:00Z'), 'sv', now, 'Europe/Stockholm')).toBe(
      'i dag 10:05',
    );
    expect(formatMoment(Date.parse('2026-11-30T20:00:00Z'), 'sv', now, 'Europe/Stockholm')).toBe(
      'i går 21:00',
    );
    expect(formatMoment(Date.parse('2026-11-03T08:00:00Z'), 'sv', now, 'Europe/Stockholm')).toBe(
      '3 nov. 2026 09:00',
    );
    expect(formatMoment(Date.parse('2026-12-01T09:05:00Z'), 'en', now, 'Europe/Stockholm')).toBe(
      'today 10:05',
    );
  });
});
