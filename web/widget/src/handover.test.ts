import { describe, expect, it } from 'vitest';
import { agentsLine, canGoBackToBot, handoverLine, initialHandover, initialsOf, waitMinutes, withConversation, withQueue } from './handover';
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

  it('renders a pushed place with the agents available and the wait, in each language with Intl', () => {
    const place = { position: 3, estimated_wait_seconds: 300, agents_available: 2 };
    const s = withQueue(initialHandover, place);
    expect(s.agents).toBe(2);
    expect(handoverLine(en, s, 'en')).toBe('You are number 3 in the queue (about 5 min) · 2 agents available');
    expect(handoverLine(textsFor('de'), s, 'de')).toBe('Du bist Nummer 3 in der Warteschlange (etwa 5 Min.) · 2 Personen verfügbar');
    expect(handoverLine(textsFor('fr'), s, 'fr')).toBe('Vous êtes numéro 3 dans la file d’attente (environ 5\u00a0min) · 2 conseillers disponibles');
    expect(handoverLine(textsFor('it'), s, 'it')).toBe('Sei il numero 3 in coda (circa 5 min) · 2 operatori disponibili');
  });

  it('a new push replaces the place, the wait and the agents; an unknown wait shows none', () => {
    const first = withQueue(initialHandover, { position: 4, estimated_wait_seconds: 240, agents_available: 0 });
    expect(handoverLine(en, first)).toBe('You are number 4 in the queue (about 4 min) · No agent is free right now');
    const next = withQueue(first, { position: 1, estimated_wait_seconds: null, agents_available: 1 });
    expect(handoverLine(en, next)).toBe('You are number 1 in the queue · 1 agent available');
  });

  it('formats large numbers and picks the plural by Intl', () => {
    expect(agentsLine(en, 'en', 1200)).toBe('1,200 agents available');
    expect(agentsLine(textsFor('de'), 'de', 1200)).toBe('1.200 Personen verfügbar');
    expect(agentsLine(textsFor('fr'), 'fr', 1)).toBe('1 conseiller disponible');
    expect(handoverLine(textsFor('de'), withQueue(initialHandover, { position: 1500 }), 'de')).toBe('Du bist Nummer 1.500 in der Warteschlange');
  });
});
