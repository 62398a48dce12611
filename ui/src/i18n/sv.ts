export const sv = {
  'app.name': 'Kretslopp',
  'app.tagline': 'Din avfallshämtning på ett ställe',
  'lang.label': 'Språk',
  'lang.sv': 'Svenska',
  'lang.en': 'English',
  loading: 'Ett ögonblick…',
  'login.title': 'Logga in',
  'login.intro': 'Logga in med BankID för att se dina tjänster, din hämtkalender och dina beställningar.',
  'login.qr.heading': 'Mobilt BankID',
  'login.qr.instructions': 'Öppna BankID-appen i mobilen, tryck på QR-ikonen och rikta kameran mot koden.',
  'login.qr.alt': 'QR-kod för inloggning med BankID. Koden byts ut varje sekund.',
  'login.or': 'eller',
  'login.sameDevice': 'Öppna BankID på den här enheten',
  'login.sameDevice.heading': 'BankID på den här enheten',
  'login.sameDevice.help': 'Vi öppnar BankID-appen åt dig. Kom tillbaka hit när du har legitimerat dig.',
  'login.sameDevice.again': 'Öppna BankID igen',
  'login.useQr': 'Använd Mobilt BankID med QR-kod i stället',
  'login.starting': 'Startar inloggningen…',
  'login.cancel': 'Avbryt',
  'login.retry': 'Försök igen',
  'login.networkTrouble': 'Vi får inte kontakt med Kretslopp just nu. Vi försöker igen automatiskt.',
  'home.greeting': 'Hej {name}!',
  'home.intro':
    'Du är inloggad med BankID. Här samlas dina tjänster, din hämtkalender och dina beställningar.',
  'home.offline': 'Ingen kontakt med Kretslopp just nu. Du är fortfarande inloggad; försök igen om en stund.',
  'home.retry': 'Försök igen',
  'menu.loggedInAs': 'Inloggad som {name}',
  'menu.logout': 'Logga ut',
  'error.network': 'Ingen kontakt med Kretslopp. Kontrollera din internetanslutning och försök igen.',
  'error.keyring-unavailable':
    'Inloggningen kunde inte sparas säkert på den här enheten eftersom systemets nyckelring inte är tillgänglig.',
  'error.login-not-found': 'Inloggningen har gått ut. Försök igen.',
  'error.login-cancelled': 'Inloggningen avbröts. Försök igen.',
  'error.login-already-used': 'Inloggningen är redan använd. Försök igen.',
  'error.open-failed':
    'BankID kunde inte öppnas på den här enheten. Skanna QR-koden med Mobilt BankID i stället.',
  'error.invalid-launch-url':
    'BankID kunde inte öppnas på den här enheten. Skanna QR-koden med Mobilt BankID i stället.',
  'error.too-many-requests':
    'För många inloggningar har startats från den här anslutningen. Vänta några minuter och försök igen.',
  'error.session-expired': 'Du har loggats ut. Logga in igen.',
  'error.unknown': 'Något gick fel. Försök igen.',
} as const;

export type MessageKey = keyof typeof sv;
