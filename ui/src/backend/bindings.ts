// Generated from src-tauri/src/commands.rs and the client's view types by
// `make generate`. Do not edit.

export type CoreError = { code: string, message: string, };

export type SessionView = { loggedIn: boolean, person: PersonView | null, 
/**
 * Logged in, but the server could not be reached to confirm it.
 */
offline: boolean, };

export type PersonView = { givenName: string, surname: string, name: string, };

export type LoginView = { phase: LoginPhase, method: LoginMethodView, 
/**
 * BankID's recommended user message, e.g. `RFA1` (texts are in the UI catalogues).
 */
rfa: string | null, 
/**
 * Error code when the login could not go on for a reason other than BankID's.
 */
errorCode: string | null, 
/**
 * The current QR code as an SVG document.
 */
qrSvg: string | null, 
/**
 * Whether "Försök igen" makes sense now.
 */
canRetry: boolean, };

export type LoginPhase = "idle" | "waiting" | "complete" | "failed" | "cancelled";

export type LoginMethodView = "qr" | "sameDevice";

/** Every IPC command: its arguments and what it returns. */
export type Commands = {
  /** Who is logged in (confirmed with the server when reachable). */
  session: { args: Record<string, never>; result: SessionView };
  /** Starts a BankID login, cancelling one in progress. */
  login_start: { args: { method: LoginMethodView; lang: string }; result: LoginView };
  /** Fresh QR code and status; call about once a second while waiting. */
  login_poll: { args: Record<string, never>; result: LoginView };
  /** Cancels the login in progress. */
  login_cancel: { args: Record<string, never>; result: LoginView };
  /** Opens BankID on this device for the login in progress. */
  open_bankid: { args: Record<string, never>; result: null };
  /** Logs out: ends the session at the server and removes it from this device. */
  logout: { args: Record<string, never>; result: SessionView };
};
