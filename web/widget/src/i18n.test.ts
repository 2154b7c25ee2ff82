import { describe, expect, it } from 'vitest';
import { format, LOCALES, pickLocale, textsFor } from './i18n';

describe('pickLocale', () => {
  it('prefers batonSettings.locale', () => {
    expect(pickLocale('fr', 'it', 'de', ['it'])).toBe('fr');
    expect(pickLocale('de-CH', null, null, [])).toBe('de');
  });

  it("then the inbox's language, which the admin set", () => {
    expect(pickLocale(undefined, 'de', 'en', ['fr'])).toBe('de');
    expect(pickLocale('es', 'it', 'fr', [])).toBe('it');
  });

  it('falls back to the page language, then the browser', () => {
    expect(pickLocale(undefined, null, 'it-IT', ['de'])).toBe('it');
    expect(pickLocale('es', 'pt', 'ja', ['pt-BR', 'fr-CA', 'de'])).toBe('fr');
    expect(pickLocale(undefined, undefined, '', ['DE_at'])).toBe('de');
  });

  it('defaults to English', () => {
    expect(pickLocale(undefined, undefined, undefined, [])).toBe('en');
    expect(pickLocale('xx', 'xx', 'yy', ['zz'])).toBe('en');
  });
});

describe('texts', () => {
  it('every language has every text, with the same placeholders', () => {
    const keys = Object.keys(textsFor('en')).sort();
    const holders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const locale of LOCALES) {
      const texts = textsFor(locale);
      expect(Object.keys(texts).sort(), locale).toEqual(keys);
      for (const key of keys) {
        const value = texts[key as keyof typeof texts];
        expect(value.trim(), `${locale}.${key}`).not.toBe('');
        expect(holders(value), `${locale}.${key}`).toEqual(holders(textsFor('en')[key as keyof typeof texts]));
      }
    }
  });

  it('formats placeholders', () => {
    expect(format('{name} is typing…', { name: 'Ada' })).toBe('Ada is typing…');
    expect(format('{n} new, {x}', { n: 3 })).toBe('3 new, {x}');
  });
});
