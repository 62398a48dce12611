// A scriptable fake of the backend interface for component tests.
import { vi } from 'vitest';
import { emptyMonth } from './month';
import type {
  Backend,
  CoreEvent,
  CustomerDetails,
  LoginView,
  Me,
  Permissions,
  Role,
  SessionView,
  StatisticsView,
} from '../backend';

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

export const ANNA_HOUSEHOLD = 'h-anna';

/** Statistik with nothing cached. */
export const NO_STATISTICS: StatisticsView = {
  archive: false,
  years: [],
  migrationDate: null,
  year: null,
  fetchedAt: null,
  summary: null,
  addresses: [],
  kommuner: [],
  fractions: [],
};

export function me(partial: Partial<Me> = {}): Me {
  return {
    personId: 'p-anna',
    givenName: 'Anna',
    surname: 'Andersson',
    name: 'Anna Andersson',
    account: {
      firstName: 'Anna',
      lastName: 'Andersson',
      email: 'anna@exempel.se',
      phone: '+46701234501',
      lang: 'sv',
    },
    customers: [
      {
        id: ANNA_HOUSEHOLD,
        name: 'Anna Andersson',
        kind: 'household',
        kundnummer: '100001',
        role: 'holder',
        permissions: permissionsOf('holder'),
        status: 'active',
      },
    ],
    activeCustomerId: ANNA_HOUSEHOLD,
    ...partial,
  };
}

export function loggedIn(m: Me = me()): SessionView {
  return {
    loggedIn: true,
    person: { givenName: m.givenName, surname: m.surname, name: m.name },
    me: m,
    offline: false,
  };
}

/** Test data only: what the server's permission table (domain::may) answers per role. */
export function permissionsOf(role: Role): Permissions {
  const owner = role === 'holder' || role === 'admin';
  return {
    editInvoiceAddress: owner || role === 'delegate',
    manageMembers: owner,
    changeRoles: role === 'admin',
    setLegacyLinking: role === 'admin',
    share: owner,
    orderBags: true,
  };
}

export function customerDetails(partial: Partial<CustomerDetails> = {}): CustomerDetails {
  return {
    permissions: permissionsOf(partial.role ?? 'holder'),
    id: ANNA_HOUSEHOLD,
    name: 'Anna Andersson',
    kind: 'household',
    kundnummer: '100001',
    identityMasked: '19850312-****',
    invoiceAddress: { line1: 'Storgatan 12', line2: null, postalCode: '75320', city: 'Uppsala' },
    memberId: 'm-anna',
    role: 'holder',
    kommuner: [
      { code: '0330', name: 'Knivsta' },
      { code: '0380', name: 'Uppsala' },
    ],
    myKommuner: [],
    addressCount: 2,
    legacyLinkingOpen: null,
    ...partial,
  };
}

export function fakeBackend(overrides: Partial<Backend> = {}) {
  const listeners = new Set<(event: CoreEvent) => void>();
  const loggedOut: SessionView = { loggedIn: false, person: null, me: null, offline: false };
  const backend: Backend = {
    session: vi.fn(async () => loggedOut),
    // As the core composes it, from the fake's own answers (tests override those).
    startup: vi.fn(async () => {
      const session = await backend.session({});
      const id = session.me?.account ? session.me.activeCustomerId : null;
      return {
        session,
        pickups: id ? await backend.next_pickups({ customerId: id }).catch(() => []) : [],
        unread: id
          ? await backend.notifications({}).then(
              (n) => n.unread,
              () => 0,
            )
          : 0,
        inviteWaiting: await backend.invite_waiting({}),
      };
    }),
    login_start: vi.fn(async () => loginView()),
    login_poll: vi.fn(async () => loginView()),
    login_cancel: vi.fn(async () =>
      loginView({ phase: 'cancelled', rfa: 'RFA6', qrSvg: null, canRetry: true }),
    ),
    open_bankid: vi.fn(async () => null),
    logout: vi.fn(async () => loggedOut),
    me: vi.fn(async () => me()),
    save_account: vi.fn(async () => me()),
    legacy_link: vi.fn(async () => ({
      claimId: 'claim-1',
      customerName: 'Grönt Kontor AB',
      needsApproval: false,
    })),
    register_company: vi.fn(async () => me().customers[0]),
    switch_customer: vi.fn(async () => me()),
    customer: vi.fn(async () => customerDetails()),
    save_invoice_address: vi.fn(async () => ({
      line1: 'Storgatan 12',
      line2: null,
      postalCode: '75320',
      city: 'Uppsala',
    })),
    members: vi.fn(async () => []),
    change_role: vi.fn(async () => null),
    approve_member: vi.fn(async () => null),
    remove_member: vi.fn(async () => null),
    set_kommuner: vi.fn(async ({ kommuner }: { kommuner: string[] }) => kommuner),
    set_legacy_linking: vi.fn(async ({ open }: { open: boolean }) => open),
    devices: vi.fn(async () => []),
    log_out_device: vi.fn(async () => null),
    log_out_everywhere: vi.fn(async () => loggedOut),
    export_data: vi.fn(async () => '/tmp/kretslopp-mina-uppgifter.json'),
    delete_account: vi.fn(async () => loggedOut),
    sync_now: vi.fn(async () => ({
      lastSync: 1_800_000_000_000,
      offline: false,
      changed: true,
      nextSyncInMs: 900_000,
      problem: null,
    })),
    active_services: vi.fn(async () => []),
    next_pickups: vi.fn(async () => []),
    calendar_month: vi.fn(async ({ year, month }: { year: number; month: number }) =>
      emptyMonth(year, month),
    ),
    painted: vi.fn(async () => null),
    order_form: vi.fn(async () => ({ addresses: [], maxRolls: 3 })),
    orders: vi.fn(async () => []),
    place_order: vi.fn(async () => {
      throw { code: 'network', message: 'not in this test' };
    }),
    cancel_order: vi.fn(async () => []),
    dismiss_order: vi.fn(async () => []),
    queued_orders: vi.fn(async () => 0),
    invite_waiting: vi.fn(async () => false),
    invite_preview: vi.fn(async () => {
      throw { code: 'invite-not-found', message: 'not in this test' };
    }),
    accept_invite: vi.fn(async () => {
      throw { code: 'network', message: 'not in this test' };
    }),
    decline_invite: vi.fn(async () => null),
    forget_invite: vi.fn(async () => null),
    invites: vi.fn(async () => []),
    send_invite: vi.fn(async () => {
      throw { code: 'network', message: 'not in this test' };
    }),
    resend_invite: vi.fn(async () => {
      throw { code: 'network', message: 'not in this test' };
    }),
    revoke_invite: vi.fn(async () => null),
    statistics: vi.fn(async () => NO_STATISTICS),
    refresh_statistics: vi.fn(async () => {
      throw { code: 'network', message: 'not in this test' };
    }),
    export_statistics: vi.fn(async () => '/tmp/kretslopp-statistik-2026.csv'),
    notifications: vi.fn(async () => ({ items: [], unread: 0 })),
    mark_notifications_read: vi.fn(async () => ({ items: [], unread: 0 })),
    reminder_settings: vi.fn(async () => ({
      enabled: false,
      time: '18:00',
      timeChoices: ['17:30', '18:00'],
      services: [],
      next: null,
    })),
    save_reminder_settings: vi.fn(async () => ({
      enabled: true,
      time: '18:00',
      timeChoices: ['17:30', '18:00'],
      services: [],
      next: null,
    })),
    export_calendar: vi.fn(async () => '/tmp/hamtkalender.ics'),
    calendar_feed: vi.fn(async () => ({
      url: 'http://x/v1/calendar-feeds/klc_t',
      webcalUrl: 'webcal://x/v1/calendar-feeds/klc_t',
    })),
    revoke_calendar_feed: vi.fn(async () => null),
    onEvent: (handler) => {
      listeners.add(handler);
      return () => listeners.delete(handler);
    },
    ...overrides,
  };
  const emit = (event: CoreEvent) => listeners.forEach((l) => l(event));
  // Like the core, every sync announces itself, whoever asked for it.
  const syncNow = backend.sync_now;
  backend.sync_now = vi.fn(async (args: Record<string, never>) => {
    const status = await syncNow(args);
    emit({ type: 'sync-finished', status });
    return status;
  });
  return Object.assign(backend, {
    /** What the core would announce, for tests. */
    emit,
  });
}
