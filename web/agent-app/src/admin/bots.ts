// Pure rules of the bots settings (docs/bots.md), kept apart from the screens for tests.

export type InboxBotMode = 'story' | 'bot';

export interface InboxBotChoice {
  mode: InboxBotMode;
  primary: number | null;
  secondaries: number[];
}

/** The body of set_agent_bot for a choice: the story means no bot at all (primary and secondaries cleared). */
export function inboxBotBody(choice: InboxBotChoice): { agent_bot: number | null; secondary_agent_bots: number[] } {
  if (choice.mode === 'story' || choice.primary == null) return { agent_bot: null, secondary_agent_bots: [] };
  const primary = choice.primary;
  return { agent_bot: primary, secondary_agent_bots: [...new Set(choice.secondaries)].filter((id) => id !== primary) };
}

/** What the inbox runs now, from GET inboxes/{id}/agent_bot (null when it answered 204). */
export function choiceOf(bot: { id: number; secondary_agent_bots?: number[] } | null): InboxBotChoice {
  return bot ? { mode: 'bot', primary: bot.id, secondaries: bot.secondary_agent_bots ?? [] } : { mode: 'story', primary: null, secondaries: [] };
}

