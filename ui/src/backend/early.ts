// The first screen's one command goes out as soon as the page runs, before the UI's own
// modules are evaluated and mounted: the core reads the keyring and the cache meanwhile.
// main.ts imports this module first; App's own `startup` call then receives this answer.
import type { Backend } from './index';
import { tauriBackend } from './tauri';
import { mark } from '../lib/startupMarks';

mark('script');
const first = tauriBackend.startup({});
// A failure is App's to show, when it asks; not an unhandled rejection before that.
first.catch(() => {});
let taken = false;

export const backend: Backend = {
  ...tauriBackend,
  startup: (args) => {
    if (taken) return tauriBackend.startup(args);
    taken = true;
    return first;
  },
};
