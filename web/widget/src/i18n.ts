export type Locale = 'en' | 'de' | 'fr' | 'it';

export interface Texts {
  title: string;
  subtitle: string;
  open: string;
  close: string;
  dialog: string;
  messages: string;
  input: string;
  placeholder: string;
  send: string;
  sending: string;
  failed: string;
  retry: string;
  typing: string;
  reconnecting: string;
  empty: string;
  support: string;
  unread: string;
  choices: string;
  submit: string;
  ended: string;
  queue: string;
  /** {m} is a duration already formatted by Intl ("5 min", "5 Min."). */
  queueWait: string;
  /** Agents of the queue free to take a chat now: none, one, several ({n}, formatted by Intl). */
  agentsNone: string;
  agentsOne: string;
  agentsMany: string;
  waiting: string;
  joined: string;
  backToBot: string;
  talkToPerson: string;
  /** Outside business hours: without a next opening, back later today, back on a later day ({day}, {time}). */
  closed: string;
  closedToday: string;
  closedUntil: string;
  attach: string;
  image: string;
  openImage: string;
  tray: string;
  remove: string;
  tooLarge: string;
  wrongType: string;
  tooMany: string;
  discard: string;
}

const TEXTS: Record<Locale, Texts> = {
  en: {
    title: 'Chat with us',
    subtitle: 'We usually reply within minutes',
    open: 'Open chat',
    close: 'Close chat',
    dialog: 'Chat',
    messages: 'Messages',
    input: 'Your message',
    placeholder: 'Type your message…',
    send: 'Send',
    sending: 'Sending…',
    failed: 'Not sent.',
    retry: 'Retry',
    typing: '{name} is typing…',
    reconnecting: 'Reconnecting…',
    empty: 'Hello! How can we help you?',
    support: 'Support',
    unread: '{n} new messages',
    choices: 'Choices',
    submit: 'Submit',
    ended: 'This conversation has ended. Write to start again.',
    queue: 'You are number {n} in the queue',
    queueWait: 'You are number {n} in the queue (about {m})',
    agentsNone: 'No agent is free right now',
    agentsOne: '{n} agent available',
    agentsMany: '{n} agents available',
    waiting: 'Waiting for a person…',
    joined: '{name} joined',
    backToBot: 'Back to the bot',
    talkToPerson: 'Talk to a person',
    closed: 'We are closed right now.',
    closedToday: 'We are closed. Back today at {time}.',
    closedUntil: 'We are closed. Back on {day} at {time}.',
    attach: 'Attach an image',
    image: 'Image {n}',
    openImage: 'Open image {n} in a new tab',
    tray: 'Images to send',
    remove: 'Remove image {n}',
    tooLarge: 'The image is too large.',
    wrongType: 'Only PNG, JPEG, GIF and WebP images can be sent.',
    tooMany: 'Too many images in one message.',
    discard: 'Remove',
  },
  de: {
    title: 'Chatte mit uns',
    subtitle: 'Wir antworten meist innerhalb weniger Minuten',
    open: 'Chat öffnen',
    close: 'Chat schließen',
    dialog: 'Chat',
    messages: 'Nachrichten',
    input: 'Deine Nachricht',
    placeholder: 'Nachricht schreiben …',
    send: 'Senden',
    sending: 'Wird gesendet …',
    failed: 'Nicht gesendet.',
    retry: 'Erneut senden',
    typing: '{name} schreibt …',
    reconnecting: 'Verbindung wird wiederhergestellt …',
    empty: 'Hallo! Wie können wir dir helfen?',
    support: 'Kundendienst',
    unread: '{n} neue Nachrichten',
    choices: 'Auswahl',
    submit: 'Absenden',
    ended: 'Diese Unterhaltung ist beendet. Schreib uns, um neu zu beginnen.',
    queue: 'Du bist Nummer {n} in der Warteschlange',
    queueWait: 'Du bist Nummer {n} in der Warteschlange (etwa {m})',
    agentsNone: 'Gerade ist niemand frei',
    agentsOne: '{n} Person verfügbar',
    agentsMany: '{n} Personen verfügbar',
    waiting: 'Warte auf eine Person …',
    joined: '{name} ist dem Chat beigetreten',
    backToBot: 'Zurück zum Bot',
    talkToPerson: 'Mit einer Person sprechen',
    closed: 'Wir sind gerade geschlossen.',
    closedToday: 'Wir sind gerade geschlossen. Zurück heute um {time}.',
    closedUntil: 'Wir sind gerade geschlossen. Zurück am {day} um {time}.',
    attach: 'Bild anhängen',
    image: 'Bild {n}',
    openImage: 'Bild {n} in einem neuen Tab öffnen',
    tray: 'Zu sendende Bilder',
    remove: 'Bild {n} entfernen',
    tooLarge: 'Das Bild ist zu groß.',
    wrongType: 'Nur PNG-, JPEG-, GIF- und WebP-Bilder können gesendet werden.',
    tooMany: 'Zu viele Bilder in einer Nachricht.',
    discard: 'Entfernen',
  },
  fr: {
    title: 'Discutez avec nous',
    subtitle: 'Nous répondons en général en quelques minutes',
    open: 'Ouvrir le chat',
    close: 'Fermer le chat',
    dialog: 'Chat',
    messages: 'Messages',
    input: 'Votre message',
    placeholder: 'Écrivez votre message…',
    send: 'Envoyer',
    sending: 'Envoi…',
    failed: 'Non envoyé.',
    retry: 'Renvoyer',
    typing: '{name} est en train d’écrire…',
    reconnecting: 'Reconnexion…',
    empty: 'Bonjour ! Comment pouvons-nous vous aider ?',
    support: 'Assistance',
    unread: '{n} nouveaux messages',
    choices: 'Choix',
    submit: 'Envoyer',
    ended: 'Cette conversation est terminée. Écrivez-nous pour recommencer.',
    queue: 'Vous êtes numéro {n} dans la file d’attente',
    queueWait: 'Vous êtes numéro {n} dans la file d’attente (environ {m})',
    agentsNone: 'Personne n’est libre pour le moment',
    agentsOne: '{n} conseiller disponible',
    agentsMany: '{n} conseillers disponibles',
    waiting: 'En attente d’une personne…',
    joined: '{name} a rejoint la conversation',
    backToBot: 'Retour au bot',
    talkToPerson: 'Parler à une personne',
    closed: 'Nous sommes fermés pour le moment.',
    closedToday: 'Nous sommes fermés. De retour aujourd’hui à {time}.',
    closedUntil: 'Nous sommes fermés. De retour {day} à {time}.',
    attach: 'Joindre une image',
    image: 'Image nº {n}',
    openImage: 'Ouvrir l’image nº {n} dans un nouvel onglet',
    tray: 'Images à envoyer',
    remove: 'Retirer l’image nº {n}',
    tooLarge: 'L’image est trop volumineuse.',
    wrongType: 'Seules les images PNG, JPEG, GIF et WebP peuvent être envoyées.',
    tooMany: 'Trop d’images dans un seul message.',
    discard: 'Supprimer',
  },
  it: {
    title: 'Scrivici',
    subtitle: 'Di solito rispondiamo in pochi minuti',
    open: 'Apri la chat',
    close: 'Chiudi la chat',
    dialog: 'Chat',
    messages: 'Messaggi',
    input: 'Il tuo messaggio',
    placeholder: 'Scrivi un messaggio…',
    send: 'Invia',
    sending: 'Invio in corso…',
    failed: 'Non inviato.',
    retry: 'Riprova',
    typing: '{name} sta scrivendo…',
    reconnecting: 'Riconnessione…',
    empty: 'Ciao! Come possiamo aiutarti?',
    support: 'Assistenza',
    unread: '{n} nuovi messaggi',
    choices: 'Scelte',
    submit: 'Invia',
    ended: 'Questa conversazione è terminata. Scrivici per ricominciare.',
    queue: 'Sei il numero {n} in coda',
    queueWait: 'Sei il numero {n} in coda (circa {m})',
    agentsNone: 'Al momento nessun operatore è libero',
    agentsOne: '{n} operatore disponibile',
    agentsMany: '{n} operatori disponibili',
    waiting: 'In attesa di una persona…',
    joined: '{name} partecipa alla chat',
    backToBot: 'Torna al bot',
    talkToPerson: 'Parla con una persona',
    closed: 'Al momento siamo chiusi.',
    closedToday: 'Siamo chiusi. Di ritorno oggi alle {time}.',
    closedUntil: 'Siamo chiusi. Di ritorno {day} alle {time}.',
    attach: 'Allega un’immagine',
    image: 'Immagine {n}',
    openImage: 'Apri l’immagine {n} in una nuova scheda',
    tray: 'Immagini da inviare',
    remove: 'Rimuovi l’immagine {n}',
    tooLarge: 'L’immagine è troppo grande.',
    wrongType: 'Si possono inviare solo immagini PNG, JPEG, GIF e WebP.',
    tooMany: 'Troppe immagini in un messaggio.',
    discard: 'Rimuovi',
  },
};

export const LOCALES = Object.keys(TEXTS) as Locale[];

function supported(tag: string | null | undefined): Locale | undefined {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((l) => l === primary);
}

/**
 * batonSettings.locale, else the inbox's language (set by the admin, as Chatwoot's widget does), else
 * the page's <html lang>, else the browser's languages, else English.
 */
export function pickLocale(
  settingsLocale: string | null | undefined,
  inboxLocale: string | null | undefined,
  htmlLang: string | null | undefined,
  browser: readonly string[],
): Locale {
  return supported(settingsLocale) ?? supported(inboxLocale) ?? supported(htmlLang) ?? browser.map(supported).find(Boolean) ?? 'en';
}

export function textsFor(locale: Locale): Texts {
  return TEXTS[locale];
}

/** Replaces {name}-style placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in values ? String(values[key]) : m));
}
