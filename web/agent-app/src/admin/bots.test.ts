import { describe, expect, it } from 'vitest';
import { choiceOf, inboxBotBody } from './bots';

describe('inbox bot choice', () => {
  it('the built-in story clears the primary and every secondary bot', () => {
    expect(inboxBotBody({ mode: 'story', primary: 4, secondaries: [5] })).toEqual({ agent_bot: null, secondary_agent_bots: [] });
  });

  it('an external bot without a primary chosen sends no bot', () => {
    expect(inboxBotBody({ mode: 'bot', primary: null, secondaries: [5] })).toEqual({ agent_bot: null, secondary_agent_bots: [] });
  });

  it('secondaries leave out the primary and duplicates', () => {
    expect(inboxBotBody({ mode: 'bot', primary: 4, secondaries: [5, 4, 5, 6] })).toEqual({ agent_bot: 4, secondary_agent_bots: [5, 6] });
  });

  it('reads the inbox answer: none means the story, a bot brings its secondaries', () => {
    expect(choiceOf(null)).toEqual({ mode: 'story', primary: null, secondaries: [] });
    expect(choiceOf({ id: 3, secondary_agent_bots: [7] })).toEqual({ mode: 'bot', primary: 3, secondaries: [7] });
  });
});

