// The only module that imports Tauri.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { Backend } from './index';
import { CORE_EVENT, type Commands, type CoreEvent } from './bindings';

function command<K extends keyof Commands>(name: K) {
  return (args: Commands[K]['args']) => invoke<Commands[K]['result']>(name, args);
}

export const tauriBackend: Backend = {
  session: command('session'),
  startup: command('startup'),
  login_start: command('login_start'),
  login_poll: command('login_poll'),
  login_cancel: command('login_cancel'),
  open_bankid: command('open_bankid'),
  logout: command('logout'),
  me: command('me'),
  save_account: command('save_account'),
  legacy_link: command('legacy_link'),
  register_company: command('register_company'),
  switch_customer: command('switch_customer'),
  customer: command('customer'),
  save_invoice_address: command('save_invoice_address'),
  members: command('members'),
  change_role: command('change_role'),
  approve_member: command('approve_member'),
  remove_member: command('remove_member'),
  set_kommuner: command('set_kommuner'),
  set_legacy_linking: command('set_legacy_linking'),
  invite_waiting: command('invite_waiting'),
  invite_preview: command('invite_preview'),
  accept_invite: command('accept_invite'),
  decline_invite: command('decline_invite'),
  forget_invite: command('forget_invite'),
  invites: command('invites'),
  send_invite: command('send_invite'),
  resend_invite: command('resend_invite'),
  revoke_invite: command('revoke_invite'),
  devices: command('devices'),
  log_out_device: command('log_out_device'),
  log_out_everywhere: command('log_out_everywhere'),
  export_data: command('export_data'),
  delete_account: command('delete_account'),
  sync_now: command('sync_now'),
  active_services: command('active_services'),
  next_pickups: command('next_pickups'),
  calendar_month: command('calendar_month'),
  order_form: command('order_form'),
  orders: command('orders'),
  place_order: command('place_order'),
  cancel_order: command('cancel_order'),
  dismiss_order: command('dismiss_order'),
  queued_orders: command('queued_orders'),
  statistics: command('statistics'),
  refresh_statistics: command('refresh_statistics'),
  export_statistics: command('export_statistics'),
  notifications: command('notifications'),
  mark_notifications_read: command('mark_notifications_read'),
  reminder_settings: command('reminder_settings'),
  painted: command('painted'),
  save_reminder_settings: command('save_reminder_settings'),
  export_calendar: command('export_calendar'),
  calendar_feed: command('calendar_feed'),
  revoke_calendar_feed: command('revoke_calendar_feed'),
  onEvent(handler) {
    const stop = listen<CoreEvent>(CORE_EVENT, (e) => handler(e.payload));
    return () => void stop.then((unlisten) => unlisten());
  },
};
