// What a notification says and where it leads. The events are the core's
// (domain::notifications::Event); every kind has its words in both catalogues.
import type { NotificationView } from '../backend';
import { i18n, t } from '../i18n/index.svelte';
import { formatLongDay } from './dates';
import type { MenuPage } from './router.svelte';

export function notificationText(n: NotificationView): string {
  const e = n.event;
  switch (e.kind) {
    case 'approval-waiting':
      return t('notes.approval-waiting', { name: e.name });
    case 'invite-accepted':
      return t('notes.invite-accepted', { name: e.name });
    case 'order-status':
      return t(`notes.order-status.${e.status}`, { number: e.number });
    case 'pickup-moved': {
      const fraction = n.fraction
        ? i18n.lang === 'en'
          ? n.fraction.nameEn
          : n.fraction.nameSv
        : e.fractionCode;
      return t('notes.pickup-moved', {
        fraction,
        street: e.street,
        from: formatLongDay(e.from, i18n.lang),
        to: formatLongDay(e.to, i18n.lang),
      });
    }
  }
}

/** The screen where the thing is dealt with or seen. */
export function notificationTarget(n: NotificationView): MenuPage {
  switch (n.event.kind) {
    case 'approval-waiting':
      return 'admin';
    case 'invite-accepted':
      return 'share';
    case 'order-status':
      return 'orders';
    case 'pickup-moved':
      return 'calendar';
  }
}
