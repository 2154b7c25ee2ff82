import { describe, expect, it } from 'vitest';
import { conversationCues, msUntilUnanswered, titleWithCount, UNANSWERED_AFTER_SECONDS, waitedMinutes } from './cues';

const at = (seconds: number) => seconds * 1000;

describe('colour cues', () => {
  const waiting = { status: 'open' as const, unread_count: 1, visitor_online: true, waiting_since: 1000 };

  it('shows a live chat as left unanswered only once the threshold has passed', () => {
    expect(conversationCues(waiting, at(1000 + UNANSWERED_AFTER_SECONDS - 1)).unansweredFor).toBeNull();
    expect(conversationCues(waiting, at(1000 + UNANSWERED_AFTER_SECONDS)).unansweredFor).toBe(UNANSWERED_AFTER_SECONDS);
    expect(conversationCues(waiting, at(1000 + 600)).unansweredFor).toBe(600);
  });

  it('never shows an answered, closed or bot conversation as unanswered', () => {
    expect(conversationCues({ ...waiting, waiting_since: null }, at(5000)).unansweredFor).toBeNull();
    expect(conversationCues({ ...waiting, status: 'resolved' }, at(5000)).unansweredFor).toBeNull();
    expect(conversationCues({ ...waiting, status: 'pending' }, at(5000)).unansweredFor).toBeNull();
  });

  it('tells unread and online apart, a missing presence meaning offline', () => {
    expect(conversationCues(waiting, at(1000))).toMatchObject({ online: true, unread: true });
    expect(conversationCues({ ...waiting, unread_count: 0, visitor_online: undefined }, at(1000))).toMatchObject({
      online: false,
      unread: false,
    });
  });

  it('knows when the unanswered cue is due, so the list can update by itself', () => {
    expect(msUntilUnanswered(waiting, at(1000 + 30))).toBe((UNANSWERED_AFTER_SECONDS - 30) * 1000);
    expect(msUntilUnanswered(waiting, at(1000 + UNANSWERED_AFTER_SECONDS))).toBeUndefined();
    expect(msUntilUnanswered({ ...waiting, waiting_since: null }, at(1000))).toBeUndefined();
  });

  it('rounds the waiting time to whole minutes, at least one', () => {
    expect(waitedMinutes(59)).toBe(1);
    expect(waitedMinutes(120)).toBe(2);
    expect(waitedMinutes(179)).toBe(2);
  });
});

describe('document title', () => {
  it('puts the unread count in front of the name', () => {
    expect(titleWithCount('Baton', 3)).toBe('(3) Baton');
    expect(titleWithCount('Baton', 150)).toBe('(99+) Baton');
  });

  it('leaves the name alone without unread conversations', () => {
    expect(titleWithCount('Baton', 0)).toBe('Baton');
    expect(titleWithCount('Baton', undefined)).toBe('Baton');
    expect(titleWithCount('Baton', Number.NaN)).toBe('Baton');
  });
});
