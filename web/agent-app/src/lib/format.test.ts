import { describe, expect, it } from 'vitest';
import { formatAge, initials } from './format';

describe('formatAge', () => {
  const now = Date.UTC(2026, 11, 3, 12, 0, 0);
  const ago = (seconds: number) => now / 1000 - seconds;
  // French and others put (narrow) no-break spaces between number and unit.
  const age = (seconds: number, locale: string) => formatAge(ago(seconds), locale, now).replace(/[\u00a0\u202f]/g, ' ');

  it('reads as a sentence in every language of the workspace, never "-3 min" or "vor 2 m"', () => {
    expect(age(180, 'fr')).toBe('il y a 3 min');
    expect(age(120, 'de')).toBe('vor 2 Min.');
    expect(age(180, 'it')).toBe('3 min fa');
    expect(age(180, 'en')).toBe('3 min. ago');
  });

  it('says "now" under a minute and counts hours and days', () => {
    expect(age(10, 'en')).toBe('now');
    expect(age(7200, 'fr')).toBe('il y a 2 h');
    expect(age(3 * 86_400, 'de')).toBe('vor 3 Tagen');
  });
});

describe('initials', () => {
  it('takes letters, never the brackets or marks of a pseudonym', () => {
    expect(initials('Nora (Firn AG)')).toBe('NA');
    expect(initials('Sara (')).toBe('S');
    expect(initials('Visitor #7')).toBe('V');
    expect(initials(null)).toBe('?');
  });
});
