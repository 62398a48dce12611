// The only module that imports Tauri.
import { invoke } from '@tauri-apps/api/core';
import type { Backend } from './index';
import type { Commands } from './bindings';

function command<K extends keyof Commands>(name: K) {
  return (args: Commands[K]['args']) => invoke<Commands[K]['result']>(name, args);
}

export const tauriBackend: Backend = {
  session: command('session'),
  login_start: command('login_start'),
  login_poll: command('login_poll'),
  login_cancel: command('login_cancel'),
  open_bankid: command('open_bankid'),
  logout: command('logout'),
};
