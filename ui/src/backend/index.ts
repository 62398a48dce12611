// The one interface the UI talks to. The Tauri implementation lives in ./tauri.ts; tests use
// a fake. Types come from the generated bindings, so they match the Rust core.
import { ERROR_CODES, type Commands, type CoreEvent, type ErrorCode } from './bindings';

export type * from './bindings';

export type Backend = {
  [K in keyof Commands]: (args: Commands[K]['args']) => Promise<Commands[K]['result']>;
} & {
  /** Calls `handler` with every event the core announces; returns the unsubscribe. */
  onEvent(handler: (event: CoreEvent) => void): () => void;
};

/** Errors from the backend carry a stable code the UI translates. */
export interface BackendError {
  code: ErrorCode;
  message: string;
}

/** The code of a failed backend call: one of the closed vocabulary, or `unknown`. */
export function errorCode(e: unknown): ErrorCode {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') {
    const code = e.code as ErrorCode;
    if (ERROR_CODES.includes(code)) return code;
  }
  return 'unknown';
}

/** Calls `reload` after every sync that changed the offline cache; returns the unsubscribe,
 *  so a component can hand it to `$effect` as its cleanup. */
export function onCacheChange(backend: Backend, reload: () => void): () => void {
  return backend.onEvent((event) => {
    if (event.type === 'sync-finished' && event.status.changed) reload();
  });
}
