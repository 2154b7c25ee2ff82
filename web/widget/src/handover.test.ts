import { describe, expect, it } from 'vitest';
import { canGoBackToBot, handoverLine, initialHandover, initialsOf, waitMinutes, withConversation, withQueue } from './handover';
import { textsFor } from './i18n';

const en = textsFor('en');
const anna = { id: 3, name: 'Anna', avatar_url: null };

describe('handover state', () => {
  it('shows the queue place with an estimate in minutes', () => {
    const s = withQueue(withConversation(initialHandover, { owner: 'queue', agent: null }), {
      position: 2,
      estimated_wait_seconds: 70,
    });
    expect(handoverLine(en, s)).toBe('You are number 2 in the queue (about 1 min)');
    expect(canGoBackToBot(s)).toBe(true);
  });

  it('shows the place without an estimate while the queue has no history', () => {
    const s = withQueue(initialHandover, { position: 1, estimated_wait_seconds: null });
    expect(s.owner).toBe('queue');
    expect(handoverLine(en, s)).toBe('You are number 1 in the queue');
  });

  it('hides the queue line when an agent joins, and names them', () => {
    const waiting = withQueue(initialHandover, { position: 2, estimated_wait_seconds: 200 });
    const taken = withConversation(waiting, { owner: 'agent', agent: anna });
    expect(taken.position).toBeUndefined();
    expect(handoverLine(en, taken)).toBe('Anna joined');
    expect(canGoBackToBot(taken)).toBe(true);
    // a late queue event does not bring the line back
    expect(withQueue(taken, { position: 1, estimated_wait_seconds: 10 })).toBe(taken);
  });

  it('says nothing and offers no way back while the bot has it', () => {
    const s = withConversation(withQueue(initialHandover, { position: 1 }), { owner: 'bot', agent: null });
    expect(handoverLine(en, s)).toBe('');
    expect(canGoBackToBot(s)).toBe(false);
    expect(canGoBackToBot(initialHandover)).toBe(false);
  });

  it('a queue answer without a position ends the waiting line', () => {
    const s = withQueue(withQueue(initialHandover, { position: 3 }), { position: null });
    expect(s.position).toBeUndefined();
    expect(handoverLine(en, s)).toBe(en.waiting);
  });

  it('keeps the agent when an update does not name one', () => {
    const s = withConversation({ owner: 'agent', agent: anna }, { owner: 'agent' });
    expect(s.agent).toEqual(anna);
  });

  it('rounds the wait to whole minutes, at least one', () => {
    expect(waitMinutes(10)).toBe(1);
    expect(waitMinutes(150)).toBe(3);
  });

  it('has the texts in every language', () => {
    for (const l of ['de', 'fr', 'it'] as const) {
      expect(handoverLine(textsFor(l), { owner: 'agent', agent: anna })).toContain('Anna');
    }
  });
});

describe('initialsOf', () => {
  it('takes the first and last name for the avatar of an agent without a picture', () => {
    expect(initialsOf('Anna Meier')).toBe('AM');
    expect(initialsOf('  anna   von   Meier ')).toBe('AM');
    expect(initialsOf('Anna')).toBe('A');
    expect(initialsOf('Élodie Ünal')).toBe('ÉÜ');
    expect(initialsOf('   ')).toBe('?');
    // Brackets and marks of a pseudonym are never initials.
    expect(initialsOf('Sara (')).toBe('S');
    expect(initialsOf('Nora (Firn AG)')).toBe('NA');
    expect(initialsOf('Visitor #12')).toBe('V');
    expect(initialsOf('(Firn)')).toBe('F');
  });
});
