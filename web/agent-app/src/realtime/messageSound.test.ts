import { describe, expect, it } from 'vitest';
import { playsMessageSound } from './messageSound';

const NOW = 1_800_000_000;
const on = { sound_on_new_message: true, sound_volume: 60 };
const visitor = { message_type: 0 as const, private: false, created_at: NOW - 1 };
const mine = { assignee_id: 7, participants: [] };

describe('playsMessageSound', () => {
  it('plays for a new visitor message in a conversation assigned to the agent', () => {
    expect(playsMessageSound(visitor, mine, 7, on, NOW)).toBe(true);
  });

  it('plays in a conversation the agent joins as a participant', () => {
    expect(playsMessageSound(visitor, { assignee_id: 8, participants: [{ id: 7 } as never] }, 7, on, NOW)).toBe(true);
  });

  it("is silent in other agents' and unassigned conversations, and in unknown ones", () => {
    expect(playsMessageSound(visitor, { assignee_id: 8, participants: [] }, 7, on, NOW)).toBe(false);
    expect(playsMessageSound(visitor, { assignee_id: null, participants: [] }, 7, on, NOW)).toBe(false);
    expect(playsMessageSound(visitor, undefined, 7, on, NOW)).toBe(false);
  });

  it('is silent for agents, bots, notes and activity lines', () => {
    expect(playsMessageSound({ ...visitor, message_type: 1 }, mine, 7, on, NOW)).toBe(false);
    expect(playsMessageSound({ ...visitor, message_type: 2 }, mine, 7, on, NOW)).toBe(false);
    expect(playsMessageSound({ ...visitor, private: true }, mine, 7, on, NOW)).toBe(false);
  });

  it('is silent when switched off or at volume 0', () => {
    expect(playsMessageSound(visitor, mine, 7, { ...on, sound_on_new_message: false }, NOW)).toBe(false);
    expect(playsMessageSound(visitor, mine, 7, { ...on, sound_volume: 0 }, NOW)).toBe(false);
  });

  it('is silent for messages replayed after a reconnect', () => {
    expect(playsMessageSound({ ...visitor, created_at: NOW - 61 }, mine, 7, on, NOW)).toBe(false);
  });
});
