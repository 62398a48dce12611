// The one interface the UI talks to. The Tauri implementation lives in ./tauri.ts; tests use
// a fake. Types come from the generated bindings, so they match the Rust core.
import type { Commands } from './bindings';

export type * from './bindings';

export type Backend = {
  [K in keyof Commands]: (args: Commands[K]['args']) => Promise<Commands[K]['result']>;
};

/** Errors from the backend carry a stable code the UI translates. */
export interface BackendError {
  code: string;
  message: string;
}

export function errorCode(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return 'unknown';
}
