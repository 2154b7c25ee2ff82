import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import de from '../i18n/locales/de.json';
import en from '../i18n/locales/en.json';
import fr from '../i18n/locales/fr.json';
import itLocale from '../i18n/locales/it.json';
import type { AuditEntry } from './api';
import { AUDIT_TYPES } from './api';
import { changeLines, sentence } from './audit';

const i18n = i18next.createInstance();
await i18n.init({
  lng: 'en',
  resources: { en: { translation: en }, de: { translation: de }, fr: { translation: fr }, it: { translation: itLocale } },
});

const entry = (e: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  auditable_type: 'Inbox',
  auditable_id: 3,
  auditable_name: 'Website',
  action: 'update',
  user_id: 7,
  username: 'anna@example.com',
  actor_name: 'Anna',
  audited_changes: { name: ['A', 'B'] },
  account_id: 1,
  created_at: 1_700_000_000,
  ...e,
});

describe('audit entries read as sentences', () => {
  it('an update names who, what and each field before and after', () => {
    const t = i18n.getFixedT('en');
    const e = entry({});
    expect(`${sentence(e, t)}: ${changeLines(e, t).map((l) => l.text).join('; ')}`).toBe(
      "Anna changed the inbox Website: name 'A' → 'B'",
    );
  });

  it('reads in every language', () => {
    const e = entry({});
    expect(sentence(e, i18n.getFixedT('de'))).toBe('Anna hat das Postfach Website geändert');
    expect(sentence(e, i18n.getFixedT('fr'))).toBe('Anna a modifié la boîte de réception Website');
    expect(sentence(e, i18n.getFixedT('it'))).toBe('Anna ha modificato la casella Website');
  });

  it('the system acts without a user, and a nameless thing shows its id', () => {
    const t = i18n.getFixedT('en');
    const e = entry({ actor_name: null, username: null, auditable_type: 'Contact', auditable_name: null, auditable_id: 12, action: 'destroy' });
    expect(sentence(e, t)).toBe('The system deleted the contact #12');
  });

  it('a creation lists values, not pairs; secrets read as redacted', () => {
    const t = i18n.getFixedT('en');
    const e = entry({ action: 'create', audited_changes: { name: 'FAQ', events: ['a', 'b'], enabled: true } });
    expect(changeLines(e, t).map((l) => l.text)).toEqual(["name: 'FAQ'", "events: 'a', 'b'", 'enabled: Yes']);
    const reset = entry({ action: 'reset_access_token', audited_changes: { access_token: ['[redacted]', '[redacted]'] } });
    expect(changeLines(reset, t)[0]?.text).toBe("access_token '[redacted]' → '[redacted]'");
  });

  it('every type the server logs has a name in every language', () => {
    for (const lng of ['en', 'de', 'fr', 'it']) {
      const t = i18n.getFixedT(lng);
      for (const type of AUDIT_TYPES) {
        expect(t(`settings.audit.types.${type}`)).not.toContain('settings.');
        expect(t(`settings.audit.typeNames.${type}`)).not.toContain('settings.');
      }
    }
  });
});
