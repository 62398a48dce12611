import { render, screen, fireEvent, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import UserMenu from './UserMenu.svelte';
import NavBar from './NavBar.svelte';
import { me } from './fakeBackend';
import { i18n } from '../i18n/index.svelte';
import type { MenuPage } from './router.svelte';

beforeEach(() => {
  i18n.lang = 'sv';
});

const focused = () => document.activeElement ?? document.body;

describe('the menu under the name', () => {
  it('opens with ArrowDown on the first item, moves with the arrows, Escape returns to the button', async () => {
    const went: MenuPage[] = [];
    render(UserMenu, { me: me(), onNavigate: (p: MenuPage) => went.push(p), onLogout: () => {} });
    const trigger = screen.getByTestId('menu');
    trigger.focus();
    await fireEvent.keyDown(trigger, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('menu-details')));
    await fireEvent.keyDown(focused(), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByTestId('menu-reminders'));
    await fireEvent.keyDown(focused(), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByTestId('menu-switch'));
    await fireEvent.keyDown(focused(), { key: 'End' });
    expect(document.activeElement).toBe(screen.getByTestId('logout'));
    await fireEvent.keyDown(focused(), { key: 'ArrowDown' });
    // Past the last item it wraps around to the first.
    expect(document.activeElement).toBe(screen.getByTestId('menu-details'));
    await fireEvent.keyDown(focused(), { key: 'Escape' });
    expect(document.activeElement).toBe(trigger);
    expect(trigger).toHaveAttribute('aria-expanded', 'false');
    // aria-controls names an element that exists, open or not.
    expect(document.getElementById(trigger.getAttribute('aria-controls') ?? '')).not.toBeNull();
  });

  it('closes when focus leaves it', async () => {
    render(UserMenu, { me: me(), onNavigate: () => {}, onLogout: () => {} });
    const trigger = screen.getByTestId('menu');
    await fireEvent.click(trigger);
    expect(trigger).toHaveAttribute('aria-expanded', 'true');
    const outside = document.createElement('button');
    document.body.append(outside);
    await fireEvent.focusOut(screen.getByTestId('logout'), { relatedTarget: outside });
    await tick();
    expect(trigger).toHaveAttribute('aria-expanded', 'false');
    outside.remove();
  });
});

describe('the navigation bar', () => {
  it('marks the current screen and leads to the others, Påsar only where bags may be ordered', async () => {
    const went: MenuPage[] = [];
    const m = me();
    const customer = m.customers[0];
    const { rerender } = render(NavBar, {
      current: 'order',
      customer,
      onNavigate: (p: MenuPage) => went.push(p),
    });
    expect(screen.getByTestId('nav-orders')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('navigation', { name: 'Huvudmeny' })).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('nav-calendar'));
    expect(went).toEqual(['calendar']);
    await rerender({
      current: 'home',
      customer: { ...customer, permissions: { ...customer.permissions, orderBags: false } },
      onNavigate: () => {},
    });
    expect(screen.queryByTestId('nav-orders')).toBeNull();
    expect(screen.getByTestId('nav-home')).toHaveAttribute('aria-current', 'page');
    // Statistikarkivet is a page of Statistik.
    await rerender({ current: 'archive', customer, onNavigate: () => {} });
    expect(screen.getByTestId('nav-statistics')).toHaveAttribute('aria-current', 'page');
  });
});
