// The screens as routes: one per screen, kept in the location hash so a reload (and, later,
// a deep link) lands on the same screen. Parsed strictly: anything that is not exactly a
// known route is Hem, never a half-understood one.

export type Route =
  | { page: 'home' }
  | { page: 'services' }
  | { page: 'calendar' }
  | { page: 'reminders' }
  | { page: 'details' }
  | { page: 'switch' }
  | { page: 'admin' }
  | { page: 'order' }
  | { page: 'orders' }
  | { page: 'share' }
  | { page: 'statistics' }
  | { page: 'archive' }
  | { page: 'notifications' }
  /** An invite link that opened the app; its token stays in the core. */
  | { page: 'invite' };

export type Page = Route['page'];
/** The screens the menu leads to (an invite is reached by its link). */
export type MenuPage = Exclude<Page, 'invite'>;

const PATHS: Record<Page, string> = {
  home: '/',
  services: '/tjanster',
  calendar: '/kalender',
  reminders: '/paminnelser',
  details: '/uppgifter',
  switch: '/byt-kund',
  admin: '/anvandare',
  order: '/bestall',
  orders: '/bestallningar',
  share: '/dela',
  statistics: '/statistik',
  archive: '/statistikarkiv',
  notifications: '/avisering',
  invite: '/inbjudan',
};

export function parse(hash: string): Route {
  const path = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const [page, p] of Object.entries(PATHS)) {
    if (path === p) return { page } as Route;
  }
  return { page: 'home' };
}

export function format(route: Route): string {
  return `#${PATHS[route.page]}`;
}

const state = $state<{ route: Route }>({ route: parse(globalThis.location?.hash ?? '') });

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => (state.route = parse(window.location.hash)));
}

export const router = {
  get route(): Route {
    return state.route;
  },
  /** Shows `route` and records it in the hash (no reload). */
  go(route: Route) {
    state.route = route;
    const next = format(route);
    if (typeof window !== 'undefined' && window.location.hash !== next) {
      history.pushState(null, '', next);
    }
  },
};
