import { describe, expect, it } from 'vitest';
import de from './locales/de.json';
import en from './locales/en.json';
import fr from './locales/fr.json';
import itLocale from './locales/it.json';
import { detectLanguage, toSupported } from './languages';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const locales = { en, de, fr, it: itLocale } as Record<string, Tree>;
const english = flatten(en);

describe('locale files', () => {
  for (const [lang, tree] of Object.entries(locales)) {
    const flat = flatten(tree);

    it(`${lang} has exactly the English keys`, () => {
      expect([...flat.keys()].sort()).toEqual([...english.keys()].sort());
    });

    it(`${lang} keeps every interpolation placeholder`, () => {
      for (const [key, value] of english) {
        expect(placeholders(flat.get(key) ?? ''), key).toEqual(placeholders(value));
      }
    });

    it(`${lang} has no empty strings`, () => {
      for (const [key, value] of flat) expect(value.trim(), key).not.toBe('');
    });
  }

  it('translations are not left in English', () => {
    // Strings that are legitimately identical across languages.
    const sameEverywhere = new Set(['app.name', 'composer.counter', 'message.bot', 'inbox.title',
      'conversation.messagesLabel', 'conversation.channel.api', 'header.account', 'signIn.password',
      'inbox.filters.bot', 'panel.name', 'panel.title', 'panel.contact', 'status.offline', 'offers.kind.transfer', 'panel.email',
      // Settings: words that are the same in German (Name, Team, Label, Text, Definition), French
      // (Conversations, Agents, Actions, Licences, Invitations) or Italian (Account, No).
      'settings.nav.teams', 'settings.nav.labels', 'settings.agents.name', 'settings.teams.title', 'settings.teams.name',
      'settings.inboxes.name', 'settings.stories.name', 'settings.stories.definition', 'settings.canned.content',
      'settings.labels.title', 'settings.labels.name', 'header.conversations', 'settings.nav.agents', 'settings.roles.agent',
      'settings.actions', 'settings.account.seats', 'settings.agents.title', 'settings.nav.account', 'settings.no',
      'settings.account.title', 'settings.agents.invitations', 'invitation.password',
      // Contacts: Name, Label(s), Link, Text (German); Contacts, Notes, Date, Type, Description (French); No (Italian).
      'contacts.attributes.none', 'contacts.back', 'contacts.columns.email', 'contacts.columns.labels', 'contacts.columns.name', 'contacts.conversations.title', 'contacts.count_one', 'contacts.count_other', 'contacts.fields.email', 'contacts.fields.name', 'contacts.filters.label', 'contacts.filters.operator', 'contacts.import.step3', 'contacts.import.targets.email', 'contacts.import.targets.name', 'contacts.labels', 'contacts.no', 'contacts.notes.title', 'contacts.title', 'header.contacts', 'settings.attributes.description', 'settings.attributes.models.contact_attribute', 'settings.attributes.models.conversation_attribute', 'settings.attributes.name', 'settings.attributes.type', 'settings.attributes.types.date', 'settings.attributes.types.link', 'settings.attributes.types.text',
      // Webhooks: the technical words (Webhooks, URL, ms) and German's Name and Status.
      'settings.nav.webhooks', 'settings.webhooks.title', 'settings.webhooks.name', 'settings.webhooks.url',
      'settings.webhooks.duration', 'settings.webhooks.status.title',
      // Slack: the product's name, and Slack's own word "Workspace" as German and Italian Slack use it.
      'settings.nav.slack', 'settings.slack.workspace',
      // A story's contact fields: German's Name and Variable.
      'settings.stories.contactFields.field.name', 'settings.stories.contactFields.variable',
      // Bots: Bot(s); German's Name; French's Description.
      'settings.nav.bots', 'settings.bots.title', 'settings.bots.name', 'settings.bots.description', 'settings.inboxBot.primary',
      // Reports: CSV, Team, Agent(s), Offline, Conversations, Satisfaction are the same words in some of them.
      'reports.agent', 'reports.agents', 'reports.columns.satisfaction', 'reports.csv', 'reports.figures.conversations', 'reports.figures.satisfaction', 'reports.statuses.offline', 'reports.team',
      // Audit log: Type (French), Team(s), Bots, Webhooks, Slack, Labels, Account, Contacts as type names.
      'settings.audit.type', 'settings.audit.typeNames.Account', 'settings.audit.typeNames.Team', 'settings.audit.typeNames.AgentBot',
      'settings.audit.typeNames.Webhook', 'settings.audit.typeNames.SlackConnection', 'settings.audit.typeNames.Label',
      'settings.audit.typeNames.Contact', 'settings.audit.typeNames.AccountUser', 'settings.audit.typeNames.Invitation',
      // A story's variables: German's Name, French and Italian E-mail, French Satisfaction.
      'storyVariables.name', 'storyVariables.email', 'storyVariables.satisfaction']);
    for (const lang of ['de', 'fr', 'it']) {
      const flat = flatten(locales[lang]!);
      const untranslated = [...english]
        .filter(([key, value]) => !sameEverywhere.has(key) && flat.get(key) === value)
        .map(([key]) => key);
      expect(untranslated, lang).toEqual([]);
    }
  });
});

describe('detectLanguage', () => {
  it('prefers the stored choice', () => {
    expect(detectLanguage('fr', ['de-DE', 'en'])).toBe('fr');
  });

  it('takes the first supported browser language', () => {
    expect(detectLanguage(null, ['es-ES', 'it-CH', 'de'])).toBe('it');
    expect(detectLanguage('xx', ['de-AT'])).toBe('de');
  });

  it('falls back to English', () => {
    expect(detectLanguage(null, ['ja', 'pt-BR'])).toBe('en');
    expect(detectLanguage(undefined, [])).toBe('en');
  });

  it('normalises tags', () => {
    expect(toSupported('DE_ch')).toBe('de');
    expect(toSupported('')).toBeUndefined();
  });
});
