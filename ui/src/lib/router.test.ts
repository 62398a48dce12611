import { describe, expect, it } from 'vitest';
import { format, parse, type Route } from './router.svelte';

describe('routes', () => {
  it('parse exactly what they format, and nothing else', () => {
    const routes: Route[] = [
      { page: 'home' },
      { page: 'services' },
      { page: 'calendar' },
      { page: 'reminders' },
      { page: 'details' },
      { page: 'switch' },
      { page: 'admin' },
      { page: 'order' },
      { page: 'orders' },
      { page: 'share' },
      { page: 'invite' },
    ];
    for (const r of routes) expect(parse(format(r))).toEqual(r);
    for (const odd of [
      '',
      '#',
      '#/kalender/',
      '#/Kalender',
      '#/kalender?x=1',
      '#//kalender',
      '#/inbjudan/',
      '#/inbjudan/kli_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ',
      '#/inbjudan/short',
      '#/inbjudan/has space in it ok',
      '#/inbjudan/abc%2F..%2Fdef-abcdefghij',
      '#/anvandare#x',
    ]) {
      expect(parse(odd)).toEqual({ page: 'home' });
    }
  });
});
