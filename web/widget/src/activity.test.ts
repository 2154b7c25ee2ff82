import { describe, expect, it } from 'vitest';
import { activityText, parseActivityTexts } from './activity';
import en from '../../../server/src/main/resources/i18n/activity.properties?raw';
import de from '../../../server/src/main/resources/i18n/activity_de.properties?raw';
import fr from '../../../server/src/main/resources/i18n/activity_fr.properties?raw';
import it_ from '../../../server/src/main/resources/i18n/activity_it.properties?raw';

const joined = (content: string | null, args: unknown[] = ['Anna']) => ({
  content,
  content_attributes: { activity: { key: 'joined', args } },
});

describe('activityText', () => {
  it("renders the line from its key in the reader's language, whatever language the server wrote it in", () => {
    expect(activityText(joined('Anna joined'), 'fr')).toBe('Anna a rejoint la conversation');
    expect(activityText(joined('Anna joined'), 'de-CH')).toMatch(/^Anna /);
    expect(activityText(joined('Anna a rejoint la conversation'), 'en')).toBe('Anna joined');
  });

  it('turns MessageFormat apostrophes into one', () => {
    const line = activityText({ content: '', content_attributes: { activity: { key: 'reopened_to_queue', args: ['Anna', 'Support'] } } }, 'fr');
    expect(line).toBe("Conversation rouverte par Anna, en attente d'un agent de Support");
  });

  it("falls back to English for another language, and to the server's text for an unknown key", () => {
    expect(activityText(joined(null), 'es')).toBe('Anna joined');
    expect(activityText({ content: 'Something new', content_attributes: { activity: { key: 'from_the_future', args: [] } } }, 'de')).toBe(
      'Something new',
    );
    expect(activityText({ content: 'Plain', content_attributes: {} }, 'de')).toBe('Plain');
  });

  it('has every key in every language', () => {
    const keys = (text: string) => Object.keys(parseActivityTexts(text)).sort();
    expect(keys(en).length).toBeGreaterThan(20);
    for (const other of [de, fr, it_]) expect(keys(other)).toEqual(keys(en));
  });
});
