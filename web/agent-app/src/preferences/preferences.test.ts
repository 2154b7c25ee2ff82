import { describe, expect, it } from 'vitest';
import type { Profile } from '../api/types';
import { preferencesFor } from './preferences';

const profile = (extra: Partial<Profile>): Profile => ({
  id: 1,
  name: 'Ada',
  email: 'ada@example.test',
  access_token: 't',
  account_id: 1,
  accounts: [
    { id: 1, name: 'One', role: 'agent' },
    { id: 2, name: 'Two', role: 'agent', show_bot_conversations: true, email_on_new_handoff: false },
  ],
  ...extra,
});

describe('preferencesFor', () => {
  it('reads the account entry of the asked account', () => {
    expect(preferencesFor(profile({}), 2)).toEqual({ show_bot_conversations: true, email_on_new_handoff: false });
  });

  it('falls back to the top-level fields for the current account', () => {
    const p = profile({ show_bot_conversations: false, email_on_new_handoff: false });
    expect(preferencesFor(p, 1)).toEqual({ show_bot_conversations: false, email_on_new_handoff: false });
  });

  it('means both on when the server sends nothing', () => {
    expect(preferencesFor(profile({}), 1)).toEqual({ show_bot_conversations: true, email_on_new_handoff: true });
    expect(preferencesFor(profile({ show_bot_conversations: false }), 3)).toEqual({
      show_bot_conversations: true,
      email_on_new_handoff: true,
    });
  });
});
