import { request } from '../api/http';
import type { Profile } from '../api/types';

export interface AccountPreferences {
  show_bot_conversations: boolean;
  email_on_new_handoff: boolean;
}

/**
 * The person's preferences in one account: its entry in `accounts`, else the top-level fields when it is the
 * current account. A server that does not send them yet means the defaults: both on.
 */
export function preferencesFor(profile: Profile, accountId: number): AccountPreferences {
  const entry = profile.accounts.find((a) => a.id === accountId);
  const top = profile.account_id === accountId ? profile : undefined;
  return {
    show_bot_conversations: entry?.show_bot_conversations ?? top?.show_bot_conversations ?? true,
    email_on_new_handoff: entry?.email_on_new_handoff ?? top?.email_on_new_handoff ?? true,
  };
}

export interface SoundPreference {
  sound_on_new_message: boolean;
  sound_volume: number;
}

/** The message sound in one account, read as {@link preferencesFor} reads the rest; missing means on at 60. */
export function soundFor(profile: Profile, accountId: number): SoundPreference {
  const entry = profile.accounts.find((a) => a.id === accountId);
  const top = profile.account_id === accountId ? profile : undefined;
  return {
    sound_on_new_message: entry?.sound_on_new_message ?? top?.sound_on_new_message ?? true,
    sound_volume: entry?.sound_volume ?? top?.sound_volume ?? 60,
  };
}

/** PUT /api/v1/profile with the changed preferences of `accountId`; answers the whole profile. */
export function savePreferences(
  accountId: number,
  change: Partial<AccountPreferences & SoundPreference>,
): Promise<Profile> {
  return request<Profile>('/api/v1/profile', { method: 'PUT', body: { account_id: accountId, ...change } });
}
