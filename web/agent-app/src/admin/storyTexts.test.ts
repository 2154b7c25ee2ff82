import { describe, expect, it } from 'vitest';
import { storyLanguages, storyTexts, textIn, withLanguage, withText } from './storyTexts';

const story = {
  languages: ['en', 'de'],
  start: 'menu',
  steps: {
    menu: { type: 'choice', text: { en: 'Pick', de: 'Wählen' }, options: [{ title: 'OK', next: 'bye' }] },
    bye: { type: 'end', text: 'Bye' },
  },
};

describe('story texts per language', () => {
  it('lists every text with its step and field', () => {
    expect(storyTexts(story).map((t) => `${t.step}.${t.field}`)).toEqual(['menu.text', 'menu.options.0.title', 'bye.text']);
    expect(storyLanguages(story)).toEqual(['en', 'de']);
    expect(textIn(storyTexts(story)[0]!.value, 'de')).toBe('Wählen');
    expect(textIn(storyTexts(story)[0]!.value, 'fr')).toBe('');
    expect(textIn('Bye', 'de')).toBe('Bye');
  });

  it('sets a text in one language; a plain string keeps serving the other languages', () => {
    const edited = withText(withText(story, 'bye', 'text', 'de', 'Tschüss'), 'menu', 'options.0.title', 'de', 'Gut');
    const texts = storyTexts(edited);
    expect(texts.find((t) => t.step === 'bye')!.value).toEqual({ en: 'Bye', de: 'Tschüss' });
    expect(texts.find((t) => t.field === 'options.0.title')!.value).toEqual({ en: 'OK', de: 'Gut' });
    expect(withText(story, 'menu', 'text', 'en', 'Choose')).toMatchObject({ steps: { menu: { text: { en: 'Choose', de: 'Wählen' } } } });
  });

  it('adds a language, first naming the language of a story that had none', () => {
    expect(storyLanguages(withLanguage(story, 'fr', 'en'))).toEqual(['en', 'de', 'fr']);
    const plain = { start: 'bye', steps: { bye: { type: 'end', text: 'Ciao' } } };
    expect(storyLanguages(withLanguage(plain, 'de', 'it'))).toEqual(['it', 'de']);
    expect(withLanguage(story, 'de', 'en')).toEqual(story);
  });
});
