import { describe, expect, it } from 'vitest';
import { closedLine, hoursFrom } from './hours';
import { textsFor } from './i18n';

const zurich = 'Europe/Zurich';
// Saturday 12 December 2026, 11:00 in Zurich.
const saturday = new Date('2026-12-12T10:00:00Z');
const monday9 = { open: false, opensAt: '2026-12-14T08:00:00Z' };

describe('the closed notice', () => {
  it('names the weekday and time of the next opening in each language', () => {
    expect(closedLine(textsFor('en'), 'en', monday9, saturday, zurich)).toBe('We are closed. Back on Monday at 09:00.');
    expect(closedLine(textsFor('de'), 'de', monday9, saturday, zurich)).toBe('Wir sind gerade geschlossen. Zurück am Montag um 09:00.');
    expect(closedLine(textsFor('fr'), 'fr', monday9, saturday, zurich)).toBe('Nous sommes fermés. De retour lundi à 09:00.');
    expect(closedLine(textsFor('it'), 'it', monday9, saturday, zurich)).toBe('Siamo chiusi. Di ritorno lunedì alle 09:00.');
  });

  it('reads the opening in the visitor’s time zone', () => {
    expect(closedLine(textsFor('en'), 'en', monday9, saturday, 'America/New_York')).toBe('We are closed. Back on Monday at 03:00.');
  });

  it('says today when the opening is later the same day', () => {
    const morning = new Date('2026-12-14T06:00:00Z');
    expect(closedLine(textsFor('en'), 'en', monday9, morning, zurich)).toBe('We are closed. Back today at 09:00.');
  });

  it('names the date when the opening is a week or more away', () => {
    const afterHolidays = { open: false, opensAt: '2027-01-04T08:00:00Z' };
    expect(closedLine(textsFor('en'), 'en', afterHolidays, new Date('2026-12-24T10:00:00Z'), zurich)).toBe(
      'We are closed. Back on Monday, January 4 at 09:00.',
    );
  });

  it('says closed without a time when it never opens, and nothing when open or once the time has passed', () => {
    expect(closedLine(textsFor('en'), 'en', { open: false, opensAt: null }, saturday, zurich)).toBe('We are closed right now.');
    expect(closedLine(textsFor('en'), 'en', { open: true, opensAt: null }, saturday, zurich)).toBe('');
    expect(closedLine(textsFor('en'), 'en', monday9, new Date('2026-12-14T08:00:00Z'), zurich)).toBe('');
    expect(closedLine(textsFor('en'), 'en', undefined, saturday, zurich)).toBe('');
  });

  it('reads the hours from the business_hours answer and from a closed handoff answer', () => {
    expect(hoursFrom({ open: false, opens_at: '2026-12-14T08:00:00Z' })).toEqual(monday9);
    expect(hoursFrom({ state: 'done', outcome: 'no_agent', reason: 'closed', opens_at: null } as never)).toEqual({ open: false, opensAt: null });
    expect(hoursFrom({ state: 'waiting' } as never)).toBeUndefined();
    expect(hoursFrom({ open: true })).toEqual({ open: true, opensAt: null });
  });
});
