// A scriptable fake of the backend interface for component tests.
import { vi } from 'vitest';
import type { Backend, LoginView, SessionView } from '../backend';

export const QR_SVG = '<svg xmlns="http://www.w3.org/2000/svg" data-fake="qr"></svg>';

export function loginView(partial: Partial<LoginView> = {}): LoginView {
  return {
    phase: 'waiting',
    method: 'qr',
    rfa: 'RFA1',
    errorCode: null,
    qrSvg: QR_SVG,
    canRetry: false,
    ...partial,
  };
}

export function fakeBackend(overrides: Partial<Backend> = {}) {
  const loggedOut: SessionView = { loggedIn: false, person: null, offline: false };
  const backend: Backend = {
    session: vi.fn(async () => loggedOut),
    login_start: vi.fn(async () => loginView()),
    login_poll: vi.fn(async () => loginView()),
    login_cancel: vi.fn(async () =>
      loginView({ phase: 'cancelled', rfa: 'RFA6', qrSvg: null, canRetry: true }),
    ),
    open_bankid: vi.fn(async () => null),
    logout: vi.fn(async () => loggedOut),
    ...overrides,
  };
  return backend;
}
