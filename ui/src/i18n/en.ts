import type { MessageKey } from './sv';

export const en: Record<MessageKey, string> = {
  'app.name': 'Kretslopp',
  'app.tagline': 'Your waste collection in one place',
  'lang.label': 'Language',
  'lang.sv': 'Svenska',
  'lang.en': 'English',
  loading: 'One moment…',
  'login.title': 'Log in',
  'login.intro': 'Log in with BankID to see your services, your collection calendar and your orders.',
  'login.qr.heading': 'Mobile BankID',
  'login.qr.instructions':
    'Open the BankID app on your phone, tap the QR icon and point the camera at the code.',
  'login.qr.alt': 'QR code for logging in with BankID. The code changes every second.',
  'login.or': 'or',
  'login.sameDevice': 'Open BankID on this device',
  'login.sameDevice.heading': 'BankID on this device',
  'login.sameDevice.help':
    'We are opening the BankID app for you. Come back here when you have identified yourself.',
  'login.sameDevice.again': 'Open BankID again',
  'login.useQr': 'Use Mobile BankID with a QR code instead',
  'login.starting': 'Starting the login…',
  'login.cancel': 'Cancel',
  'login.retry': 'Try again',
  'login.networkTrouble': 'We cannot reach Kretslopp right now. We will keep trying automatically.',
  'home.greeting': 'Hello {name}!',
  'home.intro':
    'You are logged in with BankID. Your services, collection calendar and orders are gathered here.',
  'home.offline': 'Kretslopp cannot be reached right now. You are still logged in; please try again shortly.',
  'home.retry': 'Try again',
  'menu.loggedInAs': 'Logged in as {name}',
  'menu.logout': 'Log out',
  'error.network': 'Kretslopp cannot be reached. Check your internet connection and try again.',
  'error.keyring-unavailable':
    'The login could not be stored securely on this device because the system keyring is not available.',
  'error.login-not-found': 'The login has expired. Please try again.',
  'error.login-cancelled': 'The login was cancelled. Please try again.',
  'error.login-already-used': 'This login has already been used. Please try again.',
  'error.open-failed':
    'BankID could not be opened on this device. Scan the QR code with Mobile BankID instead.',
  'error.invalid-launch-url':
    'BankID could not be opened on this device. Scan the QR code with Mobile BankID instead.',
  'error.too-many-requests':
    'Too many logins have been started from this connection. Wait a few minutes and try again.',
  'error.session-expired': 'You have been logged out. Please log in again.',
  'error.unknown': 'Something went wrong. Please try again.',
};
