// Generated from src-tauri/src/commands.rs and the client's view types by
// `make generate`. Do not edit.

export type CoreEvent = { "type": "sync-finished", status: SyncStatusView, } | { "type": "orders-changed" } | { "type": "invite-opened" } | { "type": "link-refused", code: ErrorCode, };

export type ErrorCode = "validation-failed" | "invalid-json" | "invalid-body" | "invalid-query" | "invalid-request" | "unsupported-media-type" | "payload-too-large" | "request-timeout" | "not-found" | "method-not-allowed" | "request-refused" | "too-many-requests" | "internal-error" | "temporarily-unavailable" | "bankid-unavailable" | "unauthenticated" | "invalid-token" | "invalid-refresh-token" | "refresh-in-progress" | "invalid-login-id" | "login-not-found" | "login-cancelled" | "login-finished" | "login-already-used" | "session-not-found" | "account-required" | "forbidden" | "customer-not-found" | "member-not-found" | "member-pending" | "not-pending" | "last-owner" | "already-member" | "claim-not-found" | "legacy-link-failed" | "legacy-link-attempts-exceeded" | "legacy-linking-ended" | "address-not-found" | "service-not-found" | "feed-not-found" | "order-no-rolls" | "order-too-many-rolls" | "bag-colour-unknown" | "bag-colour-retired" | "bag-colour-not-offered" | "open-order-exists" | "order-not-found" | "order-not-cancellable" | "order-id-taken" | "invite-not-found" | "invite-expired" | "invite-revoked" | "invite-used" | "app-links-not-configured" | "idempotency-key-required" | "idempotency-key-invalid" | "idempotency-key-reused" | "request-in-progress" | "network" | "server-error" | "unexpected-answer" | "bad-response" | "statistics-not-cached" | "session-expired" | "not-logged-in" | "no-login" | "keyring-unavailable" | "cache-error" | "config" | "export-failed" | "no-download-dir" | "open-failed" | "invalid-launch-url" | "invalid-deep-link" | "deep-link-mismatch" | "invalid-id" | "invalid-month" | "notifications-denied" | "unknown";

export type CoreError = { 
/**
 * One of the closed set the server, the core and the UI share.
 */
code: ErrorCode, message: string, 
/**
 * Which input fields were wrong and why (`validation-failed`); the UI shows each
 * next to its field.
 */
fields: Array<FieldIssue>, };

export type FieldIssue = { 
/**
 * The request's field name, e.g. `email` or `kommuner[0]`.
 */
field: string, 
/**
 * `required`, `format`, `too-long`, `check-digit`, `unknown`, `not-served`, …
 */
code: string, };

export type SessionView = { loggedIn: boolean, person: PersonView | null, 
/**
 * The person's account and customers, when the server could be asked.
 */
me: Me | null, 
/**
 * Logged in, but the server could not be reached to confirm it.
 */
offline: boolean, };

export type StartupView = { session: SessionView, pickups: Array<PickupView>, unread: number, 
/**
 * A link that started the app holds an invite to show.
 */
inviteWaiting: boolean, };

export type PaintMarks = { originMs: number, marks: Array<[string, number]>, };

export type Me = { personId: string, givenName: string, surname: string, name: string, 
/**
 * `null` until the person has registered or confirmed their contact details.
 */
account: UserAccount | null, customers: Array<CustomerSummary>, 
/**
 * The customer the person acts for (Byt kund); always an active membership.
 */
activeCustomerId: string | null, };

export type UserAccount = { firstName: string, lastName: string, email: string, 
/**
 * E.164, e.g. `+46701234567`.
 */
phone: string, 
/**
 * `sv` or `en`: the language of e-mails to this person.
 */
lang: string, };

export type CustomerSummary = { id: string, name: string, kind: CustomerKind, kundnummer: string, role: Role, 
/**
 * What the role may do here (`domain::may`), so the app never re-derives it.
 */
permissions: Permissions, 
/**
 * `active`, or `pending` while an administrator has not approved the link.
 */
status: string, };

export type CustomerKind = "household" | "company";

export type Role = "holder" | "delegate" | "admin" | "user";

export type Permissions = { editInvoiceAddress: boolean, manageMembers: boolean, changeRoles: boolean, setLegacyLinking: boolean, share: boolean, orderBags: boolean, };

export type AccountInput = { firstName: string, lastName: string, email: string, phone: string, lang: string | null, };

export type LegacyLinkRequest = { 
/**
 * The old customer number (kundnummer) of the shared company login.
 */
customerNumber: string, 
/**
 * The last four digits of the organisation number.
 */
orgnrLastFour: string, };

export type LegacyLinkClaim = { claimId: string, customerName: string, 
/**
 * Whether the customer already has an administrator (then the link waits for approval).
 */
needsApproval: boolean, };

export type RegisterCompanyUser = { claimId: string, firstName: string, lastName: string, email: string, phone: string, lang: string | null, };

export type CustomerDetails = { id: string, name: string, kind: CustomerKind, kundnummer: string, 
/**
 * `YYYYMMDD-****` or `NNNNNN-****`.
 */
identityMasked: string, invoiceAddress: InvoiceAddress | null, 
/**
 * The caller's membership.
 */
memberId: string, role: Role, 
/**
 * What the role may do here (`domain::may`), so the app never re-derives it.
 */
permissions: Permissions, 
/**
 * Kommuner where the customer has pickup addresses: what a kommun filter may hold.
 */
kommuner: Array<KommunRef>, 
/**
 * The caller's kommun filter; empty means all.
 */
myKommuner: Array<string>, addressCount: number, 
/**
 * Company administrators only: whether old customer numbers can still be linked.
 */
legacyLinkingOpen: boolean | null, };

export type InvoiceAddress = { line1: string, 
/**
 * c/o, department, reference.
 */
line2: string | null, 
/**
 * Five digits, e.g. `11122`.
 */
postalCode: string, city: string, };

export type InvoiceAddressInput = { line1: string, line2: string | null, postalCode: string, city: string, };

export type KommunRef = { 
/**
 * SCB kommunkod, four digits.
 */
code: string, name: string, };

export type Member = { id: string, name: string, email: string | null, role: Role, status: string, 
/**
 * Unix milliseconds.
 */
lastLoginAt: number | null, kommuner: Array<string>, isMe: boolean, };

export type Invite = { id: string, customerId: string, role: Role, name: string, email: string, phone: string, 
/**
 * The inviter's name.
 */
invitedBy: string, createdAt: number, 
/**
 * When the newest link was sent (a resend sends a new one).
 */
sentAt: number, 
/**
 * The link stops working then, and the invite is removed.
 */
expiresAt: number, };

export type NewInvite = { 
/**
 * The invitee's name as the inviter knows it; they confirm their own on accepting.
 */
name: string, email: string, 
/**
 * Optional; empty or left out when not known.
 */
phone: string, 
/**
 * `delegate` for a household; `admin` or `user` for a company.
 */
role: Role, 
/**
 * The e-mail's language, `sv` (default) or `en`.
 */
lang: string | null, };

export type InvitePreview = { customerId: string, customerName: string, customerKind: CustomerKind, role: Role, invitedBy: string, 
/**
 * The details the inviter entered, for the invitee to confirm.
 */
name: string, email: string, phone: string, expiresAt: number, };

export type DeviceSession = { id: string, 
/**
 * Unix milliseconds.
 */
createdAt: number, lastUsedAt: number, 
/**
 * The session making this request.
 */
current: boolean, };

export type SyncStatusView = { 
/**
 * Unix milliseconds of the last successful sync ("senast uppdaterad").
 */
lastSync: number | null, 
/**
 * The server could not be reached (or failed); the cache is shown as it was.
 */
offline: boolean, changed: boolean, 
/**
 * When to sync again on its own: the normal interval after success, exponential
 * backoff with jitter after failures, never sooner than the server's Retry-After.
 * Always set, whatever went wrong: the automatic sync never stops.
 */
nextSyncInMs: number, 
/**
 * Why this sync failed, if it did (the cache is still shown).
 */
problem: ErrorCode | null, };

export type PickupView = { 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * The planned date when the pickup was moved.
 */
originalDate: string | null, extra: boolean, serviceId: string, addressId: string, street: string, fractionCode: string, fractionSv: string, fractionEn: string, colour: string, icon: string, container: string, };

export type MonthView = { year: number, 
/**
 * 1–12.
 */
month: number, 
/**
 * The addresses with pickups this month, in listing order.
 */
addresses: Array<AddressView>, fractions: Array<FractionView>, services: Array<MonthService>, 
/**
 * By date, then address and service.
 */
pickups: Array<MonthPickup>, };

export type MonthService = { id: string, 
/**
 * Position in `addresses`.
 */
address: number, 
/**
 * Position in `fractions`.
 */
fraction: number, container: string, };

export type MonthPickup = { 
/**
 * Day of the month.
 */
day: number, 
/**
 * Position in `services`.
 */
service: number, 
/**
 * `YYYY-MM-DD` the pickup was planned for, when it was moved (maybe another month).
 */
originalDate: string | null, extra: boolean, };

export type ServiceView = { id: string, address: AddressView, fraction: FractionView, 
/**
 * "Kärl 190 l".
 */
container: string, 
/**
 * 1 = every week, 2 = every other week, …
 */
intervalWeeks: number, 
/**
 * ISO weekday, 1 = Monday.
 */
weekday: number, 
/**
 * Inclusive ISO weeks when the service runs, if seasonal.
 */
season: [number, number] | null, 
/**
 * The next pickup from today, if any within a year.
 */
nextPickup: string | null, };

export type AddressView = { id: string, street: string, 
/**
 * Five digits.
 */
postalCode: string, city: string, kommunkod: string, };

export type FractionView = { code: string, nameSv: string, nameEn: string, 
/**
 * `residual`, `food`, `packaging`, `paper`, `garden`, `hazardous`.
 */
category: string, 
/**
 * `#rrggbb`.
 */
colour: string, icon: string, };

export type CalendarFeed = { 
/**
 * `https://…` (or `http://` in the demo) address of the feed.
 */
url: string, 
/**
 * The same as `webcal://`, which calendar apps open as a subscription.
 */
webcalUrl: string, };

export type OrderFormView = { addresses: Array<OrderAddressView>, maxRolls: number, };

export type OrderAddressView = { id: string, street: string, postalCode: string, city: string, 
/**
 * The colours handed out in this address's kommun, in catalogue order.
 */
colours: Array<BagColourView>, 
/**
 * The number of the open (or köad) order here, which blocks another.
 */
openOrder: string | null, };

export type BagColourView = { code: string, nameSv: string, nameEn: string, 
/**
 * `#rrggbb`.
 */
displayColour: string, };

export type OrderView = { id: string, 
/**
 * The short number the confirmation e-mail names too.
 */
number: string, 
/**
 * "Storgatan 12, Uppsala"; empty if the address left the person's view.
 */
address: string, lines: Array<OrderLineView>, state: OrderState, 
/**
 * Who placed it (the server's answer; none while köad).
 */
orderedBy: string | null, 
/**
 * Unix ms.
 */
createdAt: number, sentAt: number | null, deliveredAt: number | null, cancelledAt: number | null, 
/**
 * Why the server refused it (the UI says it in words).
 */
refusal: ErrorCode | null, 
/**
 * Avbryt: mottagen at the server, or köad here (then it is simply not sent).
 */
mayCancel: boolean, 
/**
 * Ta bort: a refused order, once read.
 */
mayDismiss: boolean, };

export type OrderLineView = { colour: BagColourView, rolls: number, };

export type OrderState = "queued" | "refused" | "received" | "sent" | "delivered" | "cancelled";

export type PlaceOrderInput = { addressId: string, lines: Array<BagLine>, };

export type BagLine = { 
/**
 * A colour code of the catalogue.
 */
colour: string, rolls: number, };

export type StatisticsView = { archive: boolean, 
/**
 * The years there are, oldest first (as last heard from the server).
 */
years: Array<number>, 
/**
 * Statistikarkivet holds what came before this date (`YYYY-MM-DD`).
 */
migrationDate: string | null, 
/**
 * The year shown; `None` when there is none.
 */
year: number | null, 
/**
 * When the year shown was fetched; `None` when it is not in the cache.
 */
fetchedAt: number | null, summary: Summary | null, 
/**
 * The year's addresses and kommuner, for the pickers.
 */
addresses: Array<StatisticsAddress>, kommuner: Array<KommunRef>, 
/**
 * Names and colours of the summary's fractions.
 */
fractions: Array<FractionView>, };

export type StatisticsExportInput = { archive: boolean, year: number, filter: Filter, format: CsvFormat, 
/**
 * Column headers and fraction names in `sv` or `en`.
 */
lang: string, };

export type StatisticsAddress = { key: string, 
/**
 * "Storgatan 1, Uppsala".
 */
label: string, kommunkod: string, };

export type Summary = { year: number, 
/**
 * The fraction codes with anything in the filtered view, in the year's order.
 */
fractions: Array<string>, 
/**
 * 12 months, each per fraction of `fractions`.
 */
months: Array<Array<Amount>>, 
/**
 * 12 months, all fractions together.
 */
monthTotals: Array<Amount>, 
/**
 * The filtered addresses with anything, in the year's order.
 */
addresses: Array<AddressTotal>, 
/**
 * Per fraction of `fractions`.
 */
totals: Array<Amount>, total: Amount, };

export type Amount = { emptyings: number, 
/**
 * `None` when nothing in the sum was weighed.
 */
grams: number | null, };

export type AddressTotal = { key: string, label: string, kommunkod: string, 
/**
 * Per fraction of [`Summary::fractions`].
 */
amounts: Array<Amount>, total: Amount, };

export type Filter = { 
/**
 * An address key of the year.
 */
address: string | null, kommun: string | null, };

export type CsvFormat = "spreadsheet" | "rfc4180";

export type NotificationsView = { 
/**
 * Newest first.
 */
items: Array<NotificationView>, unread: number, };

export type NotificationView = { id: string, customerId: string, 
/**
 * The customer's name, when the person has more than one.
 */
customerName: string | null, event: Event, 
/**
 * The fraction a moved pickup is of, from the catalogue.
 */
fraction: FractionView | null, createdAt: number, read: boolean, };

export type Event = { "kind": "approval-waiting", memberId: string, name: string, } | { "kind": "invite-accepted", name: string, } | { "kind": "order-status", orderId: string, 
/**
 * The short number the app and the e-mail show (`bags::order_number`).
 */
number: string, status: OrderStatus, } | { "kind": "pickup-moved", addressId: string, street: string, fractionCode: string, 
/**
 * The planned date, `YYYY-MM-DD`.
 */
from: string, to: string, };

export type OrderStatus = "received" | "sent" | "delivered" | "cancelled";

export type ReminderSettingsView = { enabled: boolean, time: string, 
/**
 * The times to offer (`HH:MM`), from the domain's rule.
 */
timeChoices: Array<string>, services: Array<ReminderServiceView>, next: NextReminderView | null, };

export type ReminderServiceView = { serviceId: string, addressId: string, street: string, fractionSv: string, fractionEn: string, colour: string, icon: string, selected: boolean, };

export type NextReminderView = { 
/**
 * Unix milliseconds.
 */
at: number, 
/**
 * `YYYY-MM-DD` of the pickup.
 */
pickupDate: string, street: string, fractionsSv: Array<string>, fractionsEn: Array<string>, };

export type ReminderSettingsInput = { enabled: boolean, 
/**
 * `HH:MM`, 12:00–23:59.
 */
time: string, 
/**
 * The services left out; new services are included.
 */
excludedServiceIds: Array<string>, 
/**
 * The language of the notifications, `sv` or `en`.
 */
lang: string, };

export type PersonView = { givenName: string, surname: string, name: string, };

export type LoginView = { phase: LoginPhase, method: LoginMethodView, 
/**
 * BankID's recommended user message, e.g. `RFA1` (texts are in the UI catalogues).
 */
rfa: string | null, 
/**
 * Error code when the login could not go on for a reason other than BankID's.
 */
errorCode: ErrorCode | null, 
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

/** Every error code, for the message catalogues' completeness test. */
export const ERROR_CODES: readonly ErrorCode[] = [
  'validation-failed',
  'invalid-json',
  'invalid-body',
  'invalid-query',
  'invalid-request',
  'unsupported-media-type',
  'payload-too-large',
  'request-timeout',
  'not-found',
  'method-not-allowed',
  'request-refused',
  'too-many-requests',
  'internal-error',
  'temporarily-unavailable',
  'bankid-unavailable',
  'unauthenticated',
  'invalid-token',
  'invalid-refresh-token',
  'refresh-in-progress',
  'invalid-login-id',
  'login-not-found',
  'login-cancelled',
  'login-finished',
  'login-already-used',
  'session-not-found',
  'account-required',
  'forbidden',
  'customer-not-found',
  'member-not-found',
  'member-pending',
  'not-pending',
  'last-owner',
  'already-member',
  'claim-not-found',
  'legacy-link-failed',
  'legacy-link-attempts-exceeded',
  'legacy-linking-ended',
  'address-not-found',
  'service-not-found',
  'feed-not-found',
  'order-no-rolls',
  'order-too-many-rolls',
  'bag-colour-unknown',
  'bag-colour-retired',
  'bag-colour-not-offered',
  'open-order-exists',
  'order-not-found',
  'order-not-cancellable',
  'order-id-taken',
  'invite-not-found',
  'invite-expired',
  'invite-revoked',
  'invite-used',
  'app-links-not-configured',
  'idempotency-key-required',
  'idempotency-key-invalid',
  'idempotency-key-reused',
  'request-in-progress',
  'network',
  'server-error',
  'unexpected-answer',
  'bad-response',
  'statistics-not-cached',
  'session-expired',
  'not-logged-in',
  'no-login',
  'keyring-unavailable',
  'cache-error',
  'config',
  'export-failed',
  'no-download-dir',
  'open-failed',
  'invalid-launch-url',
  'invalid-deep-link',
  'deep-link-mismatch',
  'invalid-id',
  'invalid-month',
  'notifications-denied',
  'unknown',
];

/** The event name every CoreEvent arrives under. */
export const CORE_EVENT = 'core-event';

/** Every IPC command: its arguments and what it returns. */
export type Commands = {
  /** Who is logged in (confirmed with the server when reachable). */
  session: { args: Record<string, never>; result: SessionView };
  /** The first screen at once: the session, Hem's cached pickups, the unread count and
 whether a link brought an invite. */
  startup: { args: Record<string, never>; result: StartupView };
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
  /** The logged-in person, their account and customers. */
  me: { args: Record<string, never>; result: Me };
  /** Registers or changes the person's own contact details. */
  save_account: { args: { input: AccountInput }; result: Me };
  /** Company first login, step 1: old customer number and last four digits of the orgnr. */
  legacy_link: { args: { input: LegacyLinkRequest }; result: LegacyLinkClaim };
  /** Company first login, step 2: "Skapa användarkonto". */
  register_company: { args: { input: RegisterCompanyUser }; result: CustomerSummary };
  /** Byt kund. */
  switch_customer: { args: { customerId: string }; result: Me };
  /** Mina uppgifter for one customer. */
  customer: { args: { customerId: string }; result: CustomerDetails };
  /** Changes the invoice address (administrators and holders). */
  save_invoice_address: { args: { customerId: string; input: InvoiceAddressInput }; result: InvoiceAddress };
  /** Administrera användare: the customer's members. */
  members: { args: { customerId: string }; result: Array<Member> };
  /** Changes a company member's role. */
  change_role: { args: { customerId: string; memberId: string; role: Role }; result: null };
  /** Approves a member waiting for approval. */
  approve_member: { args: { customerId: string; memberId: string }; result: null };
  /** Removes a member, or declines one waiting for approval. */
  remove_member: { args: { customerId: string; memberId: string }; result: null };
  /** Whether an invite link is waiting (it may have arrived before the login). */
  invite_waiting: { args: Record<string, never>; result: boolean };
  /** The waiting invite: who invites the logged-in person to what. */
  invite_preview: { args: Record<string, never>; result: InvitePreview };
  /** Tacka ja with the confirmed details; the customer becomes the active one. */
  accept_invite: { args: { customerId: string; account: AccountInput }; result: Me };
  /** Tacka nej: the invite's link stops working. */
  decline_invite: { args: Record<string, never>; result: null };
  /** Closes the waiting invite without answering it. */
  forget_invite: { args: Record<string, never>; result: null };
  /** Dela / Bjud in: pending invites with their expiry. */
  invites: { args: { customerId: string }; result: Array<Invite> };
  /** Invites a person by e-mail. */
  send_invite: { args: { customerId: string; input: NewInvite }; result: Invite };
  /** Skicka igen: a new link; the old one stops working. */
  resend_invite: { args: { customerId: string; inviteId: string }; result: Invite };
  /** Återkalla: the invite's link stops working. */
  revoke_invite: { args: { customerId: string; inviteId: string }; result: null };
  /** Sets a member's kommun filter (empty = all kommuner). */
  set_kommuner: { args: { customerId: string; memberId: string; kommuner: Array<string> }; result: Array<string> };
  /** Opens or closes linking with old customer numbers (company administrators). */
  set_legacy_linking: { args: { customerId: string; open: boolean }; result: boolean };
  /** Logged-in devices. */
  devices: { args: Record<string, never>; result: Array<DeviceSession> };
  /** Logs out one device. */
  log_out_device: { args: { sessionId: string }; result: null };
  /** Logs out every device, this one included. */
  log_out_everywhere: { args: Record<string, never>; result: SessionView };
  /** Saves "my data" as JSON in the Downloads folder; returns the file's path. */
  export_data: { args: Record<string, never>; result: string };
  /** Saves the coming year's pickups as an .ics file in Downloads; returns its path. */
  export_calendar: { args: { customerId: string; lang: string }; result: string };
  /** A new calendar subscription link (the earlier one stops working). */
  calendar_feed: { args: { customerId: string; lang: string }; result: CalendarFeed };
  /** Stops the calendar subscription link. */
  revoke_calendar_feed: { args: { customerId: string }; result: null };
  /** Syncs the offline cache with the server; says when it last succeeded. */
  sync_now: { args: Record<string, never>; result: SyncStatusView };
  /** Mina aktiva tjänster, from the cache. */
  active_services: { args: { customerId: string }; result: Array<ServiceView> };
  /** The next pickup of each service, from the cache. */
  next_pickups: { args: { customerId: string }; result: Array<PickupView> };
  /** Hämtkalender for one month, from the cache. */
  calendar_month: { args: { customerId: string; year: number; month: number }; result: MonthView };
  /** Beställ påsar: each address with the colours offered there, from the cache. */
  order_form: { args: { customerId: string }; result: OrderFormView };
  /** Mina beställningar: köad and avvisad first, then the server's, newest first. */
  orders: { args: { customerId: string }; result: Array<OrderView> };
  /** Places an order (also offline: it is köad and sent when the server can be reached). */
  place_order: { args: { customerId: string; input: PlaceOrderInput }; result: OrderView };
  /** Avbryt: a köad order is not sent; a mottagen one is cancelled at the server. */
  cancel_order: { args: { customerId: string; orderId: string }; result: Array<OrderView> };
  /** Orders waiting on this device to be sent (asked before logging out). */
  queued_orders: { args: Record<string, never>; result: number };
  /** Ta bort: forgets a refused order. */
  dismiss_order: { args: { customerId: string; orderId: string }; result: Array<OrderView> };
  /** Statistik (or Statistikarkivet) for one year and filter, from the cache; no year:
 the newest. */
  statistics: { args: { customerId: string; archive: boolean; year: number | null; filter: Filter }; result: StatisticsView };
  /** The same after fetching the year from the server, if it changed. */
  refresh_statistics: { args: { customerId: string; archive: boolean; year: number | null; filter: Filter }; result: StatisticsView };
  /** Saves the cached year through the filter as CSV in Downloads; returns its path. */
  export_statistics: { args: { customerId: string; input: StatisticsExportInput }; result: string };
  /** Avisering from the cache, newest first, with the unread count. */
  notifications: { args: Record<string, never>; result: NotificationsView };
  /** Marks notifications read (sent to the server now or with the next sync). */
  mark_notifications_read: { args: { ids: Array<string> }; result: NotificationsView };
  /** Påminnelser for one customer, with the next reminder. */
  reminder_settings: { args: { customerId: string }; result: ReminderSettingsView };
  /** Saves Påminnelser; turning them on asks for the permission to notify where the OS
 needs it. */
  save_reminder_settings: { args: { customerId: string; input: ReminderSettingsInput }; result: ReminderSettingsView };
  /** The UI painted Hem's pickups for the first time: logged with the time since start
 (and, at debug level, the UI's milestones on the way). */
  painted: { args: { marks: PaintMarks }; result: null };
  /** Deletes the person's account; they are logged out. */
  delete_account: { args: Record<string, never>; result: SessionView };
};
