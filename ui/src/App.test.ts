import { render, screen, fireEvent, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from './App.svelte';
import { customerDetails, fakeBackend, loggedIn, loginView, me, permissionsOf } from './lib/fakeBackend';
import { i18n } from './i18n/index.svelte';

beforeEach(() => {
  i18n.lang = 'sv';
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => vi.useRealTimers());

describe('login screen', () => {
  it('starts a QR login, shows the QR code with a text alternative and the RFA message in Swedish', async () => {
    const backend = fakeBackend();
    render(App, { backend });
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('Starta BankID-appen.'));
    expect(backend.login_start).toHaveBeenCalledWith({ method: 'qr', lang: 'sv' });
    expect(screen.getByRole('img', { name: /QR-kod för inloggning med BankID/ })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Logga in' })).toBeInTheDocument();
  });

  it('polls about once a second and greets the person when the login completes', async () => {
    const backend = fakeBackend({
      login_poll: vi.fn(async () => loginView({ phase: 'complete', rfa: null, qrSvg: null })),
    });
    render(App, { backend });
    await waitFor(() => expect(backend.login_start).toHaveBeenCalled());
    vi.mocked(backend.session).mockResolvedValue(loggedIn());
    expect(backend.login_poll).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.login_poll).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.getByTestId('greeting')).toHaveTextContent('Hej Anna!'));
    expect(screen.getByTestId('who')).toHaveTextContent('Anna Andersson');
    // Her own household carries her name: said once.
    expect(screen.queryByTestId('active-customer')).toBeNull();
    expect(screen.getByTestId('menu')).toHaveAccessibleName('Meny för Anna Andersson');
  });

  it('cancel shows RFA6 and offers Försök igen, which starts a new login', async () => {
    const backend = fakeBackend();
    render(App, { backend });
    await waitFor(() => screen.getByTestId('cancel'));
    await fireEvent.click(screen.getByTestId('cancel'));
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('Åtgärden avbröts.'));
    await fireEvent.click(screen.getByTestId('retry'));
    await waitFor(() => expect(backend.login_start).toHaveBeenCalledTimes(2));
  });

  it('same device: starts a same-device login and opens BankID; a failure to open says what to do', async () => {
    const backend = fakeBackend({
      login_start: vi.fn(async ({ method }) =>
        loginView({ method, rfa: method === 'qr' ? 'RFA1' : 'RFA13' }),
      ),
      open_bankid: vi.fn(async () => Promise.reject({ code: 'open-failed', message: 'x' })),
    });
    render(App, { backend });
    await waitFor(() => screen.getByTestId('open-bankid'));
    await fireEvent.click(screen.getByTestId('open-bankid'));
    await waitFor(() => expect(backend.open_bankid).toHaveBeenCalled());
    expect(backend.login_start).toHaveBeenLastCalledWith({ method: 'sameDevice', lang: 'sv' });
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent(/Skanna QR-koden/));
  });

  it('switches to English everywhere, including BankID messages', async () => {
    const backend = fakeBackend();
    render(App, { backend });
    await waitFor(() => screen.getByTestId('status'));
    await fireEvent.click(screen.getByTestId('lang-en'));
    expect(screen.getByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('Start your BankID app.'));
    expect(document.documentElement.lang).toBe('en');
  });

  it('network trouble while waiting is explained, not hidden', async () => {
    const backend = fakeBackend({ login_poll: vi.fn(async () => loginView({ errorCode: 'network' })) });
    render(App, { backend });
    await waitFor(() => expect(backend.login_start).toHaveBeenCalled());
    await vi.advanceTimersByTimeAsync(1000);
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent(/Vi får inte kontakt/));
  });
});

describe('home', () => {
  it('logs out from the menu back to the login screen', async () => {
    const backend = fakeBackend({ session: vi.fn(async () => loggedIn()) });
    render(App, { backend });
    await waitFor(() => expect(screen.getByTestId('greeting')).toHaveTextContent('Hej Anna!'));
    await fireEvent.click(screen.getByTestId('menu'));
    await fireEvent.click(screen.getByTestId('logout'));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Logga in' })).toBeInTheDocument());
    expect(backend.logout).toHaveBeenCalled();
  });

  it('asks before logging out while orders wait to be sent, and stays when asked to', async () => {
    const backend = fakeBackend({
      session: vi.fn(async () => loggedIn()),
      queued_orders: vi.fn(async () => 2),
    });
    render(App, { backend });
    await waitFor(() => expect(screen.getByTestId('greeting')).toHaveTextContent('Hej Anna!'));
    await fireEvent.click(screen.getByTestId('menu'));
    await fireEvent.click(screen.getByTestId('logout'));
    expect(await screen.findByTestId('unsent-orders')).toHaveTextContent(
      'Du har 2 beställningar som inte har skickats än.',
    );
    expect(backend.logout).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('unsent-stay'));
    expect(screen.queryByTestId('unsent-orders')).not.toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('menu'));
    await fireEvent.click(screen.getByTestId('logout'));
    await fireEvent.click(await screen.findByTestId('unsent-logout'));
    await waitFor(() => expect(backend.logout).toHaveBeenCalled());
  });

  it('shows the administrator menu only to company administrators', async () => {
    const company = me({
      customers: [
        {
          id: 'c1',
          name: 'Norrbageriet AB',
          kind: 'company',
          kundnummer: '200001',
          role: 'user',
          permissions: permissionsOf('user'),
          status: 'active',
        },
      ],
      activeCustomerId: 'c1',
    });
    const backend = fakeBackend({
      session: vi.fn(async () => loggedIn(company)),
      customer: vi.fn(async () =>
        customerDetails({ id: 'c1', name: 'Norrbageriet AB', kind: 'company', role: 'user' }),
      ),
    });
    render(App, { backend });
    await waitFor(() => expect(screen.getByTestId('home-customer')).toHaveTextContent('Norrbageriet AB'));
    // The accessible name holds what the button shows (WCAG 2.5.3).
    expect(screen.getByTestId('menu')).toHaveAccessibleName(expect.stringContaining('Norrbageriet AB'));
    await fireEvent.click(screen.getByTestId('menu'));
    expect(screen.getByTestId('menu-details')).toBeInTheDocument();
    expect(screen.queryByTestId('menu-admin')).toBeNull();
  });

  it('offers a household holder Dela, where the members of the household are managed', async () => {
    const backend = fakeBackend({ session: vi.fn(async () => loggedIn()) });
    render(App, { backend });
    await waitFor(() => expect(screen.getByTestId('home-customer')).toHaveTextContent('Ditt hushåll'));
    await fireEvent.click(screen.getByTestId('menu'));
    expect(screen.getByTestId('menu-share')).toHaveTextContent('Dela');
    expect(screen.queryByTestId('menu-admin')).toBeNull();
  });
});

describe('first login', () => {
  it('a household holder confirms contact details, and wrong fields are shown next to them', async () => {
    const newcomer = me({ account: null });
    const backend = fakeBackend({
      session: vi.fn(async () => loggedIn(newcomer)),
      save_account: vi.fn(async () => {
        throw {
          code: 'validation-failed',
          message: '',
          fields: [
            { field: 'email', code: 'format' },
            { field: 'phone', code: 'required' },
          ],
        };
      }),
    });
    render(App, { backend });
    await waitFor(() =>
      expect(screen.getByRole('heading', { name: 'Välkommen, Anna!' })).toBeInTheDocument(),
    );
    expect(screen.getByLabelText('Förnamn')).toHaveValue('Anna');
    await fireEvent.input(screen.getByLabelText('E-post'), { target: { value: 'anna@' } });
    await fireEvent.click(screen.getByTestId('confirm-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('error-confirm-email')).toHaveTextContent('Ange en e-postadress'),
    );
    expect(screen.getByTestId('error-confirm-phone')).toHaveTextContent('Fältet måste fyllas i.');
    expect(screen.getByLabelText('E-post')).toHaveAttribute('aria-invalid', 'true');
    expect(backend.save_account).toHaveBeenCalledWith({
      input: { firstName: 'Anna', lastName: 'Andersson', email: 'anna@', phone: '', lang: 'sv' },
    });
  });

  it('a company person links an old customer number, then creates a user account', async () => {
    const nobody = me({
      account: null,
      customers: [],
      activeCustomerId: null,
      givenName: 'Johan',
      surname: 'Ek',
      name: 'Johan Ek',
    });
    const backend = fakeBackend({
      session: vi.fn(async () => loggedIn(nobody)),
      legacy_link: vi
        .fn()
        .mockRejectedValueOnce({ code: 'legacy-link-failed', message: '', fields: [] })
        .mockResolvedValueOnce({ claimId: 'claim-1', customerName: 'Grönt Kontor AB', needsApproval: true }),
    });
    render(App, { backend });
    await waitFor(() =>
      expect(screen.getByRole('heading', { name: 'Koppla ditt företag' })).toBeInTheDocument(),
    );
    await fireEvent.input(screen.getByLabelText('Gammalt kundnummer'), { target: { value: '52001' } });
    await fireEvent.input(screen.getByLabelText('Organisationsnumrets fyra sista siffror'), {
      target: { value: '0000' },
    });
    await fireEvent.click(screen.getByTestId('link-submit'));
    await waitFor(() => expect(screen.getByTestId('link-error')).toHaveTextContent('stämmer inte'));
    await fireEvent.click(screen.getByTestId('link-submit'));
    await waitFor(() =>
      expect(screen.getByRole('heading', { name: 'Skapa användarkonto' })).toBeInTheDocument(),
    );
    expect(screen.getByText(/har redan en administratör/)).toBeInTheDocument();
    await fireEvent.input(screen.getByLabelText('E-post'), { target: { value: 'johan@exempel.se' } });
    await fireEvent.input(screen.getByLabelText('Mobilnummer'), { target: { value: '0701234567' } });
    await fireEvent.click(screen.getByTestId('register-submit'));
    await waitFor(() =>
      expect(backend.register_company).toHaveBeenCalledWith({
        input: {
          claimId: 'claim-1',
          firstName: 'Johan',
          lastName: 'Ek',
          email: 'johan@exempel.se',
          phone: '0701234567',
          lang: 'sv',
        },
      }),
    );
  });
});

describe('pickups', () => {
  const moved = {
    date: '2027-01-20',
    originalDate: '2027-01-18',
    extra: false,
    serviceId: 's1',
    addressId: 'a1',
    street: 'Storgatan 12',
    fractionCode: 'rest',
    fractionSv: 'Restavfall',
    fractionEn: 'Residual waste',
    colour: '#5f6b6d',
    icon: 'bin',
    container: 'Kärl 190 l',
  };

  it('says a sync of today as "i dag", as the other times on the screen do', async () => {
    const backend = fakeBackend({
      session: vi.fn(async () => loggedIn()),
      sync_now: vi.fn(async () => ({
        lastSync: Date.now(),
        offline: false,
        changed: false,
        nextSyncInMs: 900_000,
        problem: null,
      })),
    });
    render(App, { backend });
    await waitFor(() =>
      expect(screen.getByTestId('last-sync')).toHaveTextContent(/^Senast uppdaterad i dag \d\d:\d\d/),
    );
  });

  it('Hem shows the next pickups with a moved one marked, and the time of the last sync', async () => {
    const backend = fakeBackend({
      session: vi.fn(async () => loggedIn()),
      next_pickups: vi.fn(async () => [moved]),
    });
    render(App, { backend });
    await waitFor(() => expect(screen.getByTestId('next-s1')).toHaveTextContent('Restavfall'));
    expect(screen.getByTestId('next-s1')).toHaveTextContent('ons 20 jan');
    expect(screen.getByTestId('next-s1')).toHaveTextContent('Flyttad från mån 18 jan');
    await waitFor(() => expect(screen.getByTestId('last-sync')).toHaveTextContent('Senast uppdaterad'));
    // Shown from the cache before the sync, and the first paint is reported once.
    expect(vi.mocked(backend.next_pickups).mock.invocationCallOrder[0]).toBeLessThan(
      vi.mocked(backend.sync_now).mock.invocationCallOrder[0],
    );
    await waitFor(() => expect(backend.painted).toHaveBeenCalledTimes(1));
  });

  it('the first screen is one startup call: cached pickups and the unread count before the network', async () => {
    const backend = fakeBackend({
      startup: vi.fn(async () => ({
        session: loggedIn(),
        pickups: [moved],
        unread: 2,
        inviteWaiting: false,
      })),
    });
    render(App, { backend });
    await waitFor(() => expect(screen.getByTestId('next-s1')).toHaveTextContent('Restavfall'));
    await waitFor(() => expect(backend.customer).toHaveBeenCalled());
    expect(backend.startup).toHaveBeenCalledTimes(1);
    // Nothing asked again what startup already answered; the pickups are read again only
    // after the sync.
    expect(backend.session).not.toHaveBeenCalled();
    await waitFor(() => expect(backend.sync_now).toHaveBeenCalled());
    const synced = vi.mocked(backend.sync_now).mock.invocationCallOrder[0];
    expect(vi.mocked(backend.next_pickups).mock.invocationCallOrder.every((n) => n > synced)).toBe(true);
    expect(vi.mocked(backend.startup).mock.invocationCallOrder[0]).toBeLessThan(
      vi.mocked(backend.customer).mock.invocationCallOrder[0],
    );
    expect(screen.getByTestId('bell-count')).toHaveTextContent('2');
  });

  it('a sync the core ran on its own updates the banner and Hem', async () => {
    const backend = fakeBackend({ session: vi.fn(async () => loggedIn()) });
    render(App, { backend });
    await waitFor(() => expect(screen.getByTestId('home-customer')).toHaveTextContent('Ditt hushåll'));
    const before = vi.mocked(backend.next_pickups).mock.calls.length;
    backend.emit({
      type: 'sync-finished',
      status: {
        lastSync: 1_800_000_000_000,
        offline: true,
        changed: false,
        nextSyncInMs: 2_000,
        problem: 'network',
      },
    });
    await waitFor(() =>
      expect(screen.getByTestId('offline-banner')).toHaveTextContent('Ingen kontakt med Kretslopp'),
    );
    expect(vi.mocked(backend.next_pickups).mock.calls.length).toBeGreaterThan(before);
  });

  it('offline, a banner says what is shown', async () => {
    const backend = fakeBackend({
      session: vi.fn(async () => loggedIn()),
      sync_now: vi.fn(async () => ({
        lastSync: 1_800_000_000_000,
        offline: true,
        changed: false,
        nextSyncInMs: 2_000,
        problem: null,
      })),
    });
    render(App, { backend });
    await waitFor(() =>
      expect(screen.getByTestId('offline-banner')).toHaveTextContent('Ingen kontakt med Kretslopp'),
    );
  });
});
