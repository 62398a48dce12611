import { render, screen, fireEvent, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from './App.svelte';
import { fakeBackend, loginView } from './lib/fakeBackend';
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
    vi.mocked(backend.session).mockResolvedValue({
      loggedIn: true,
      person: { givenName: 'Anna', surname: 'Andersson', name: 'Anna Andersson' },
      offline: false,
    });
    expect(backend.login_poll).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.login_poll).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.getByTestId('greeting')).toHaveTextContent('Hej Anna!'));
    expect(screen.getByTestId('who')).toHaveTextContent('Inloggad som Anna Andersson');
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
  it('logs out back to the login screen', async () => {
    const backend = fakeBackend({
      session: vi.fn(async () => ({
        loggedIn: true,
        person: { givenName: 'Erik', surname: 'Lindqvist', name: 'Erik Lindqvist' },
        offline: false,
      })),
    });
    render(App, { backend });
    await waitFor(() => expect(screen.getByTestId('greeting')).toHaveTextContent('Hej Erik!'));
    await fireEvent.click(screen.getByTestId('logout'));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Logga in' })).toBeInTheDocument());
    expect(backend.logout).toHaveBeenCalled();
  });
});
