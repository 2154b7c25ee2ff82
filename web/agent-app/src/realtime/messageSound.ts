import type { Conversation, Message } from '../api/types';
import type { SoundPreference } from '../preferences/preferences';

/** Messages older than this are replays (a reconnect's resume), not news: no sound for them. */
const FRESH_SECONDS = 60;

/**
 * Whether a created message should play the message sound for this agent: a visitor's public message, new, in a
 * conversation the agent has (assignee) or takes part in (conference), with their sound on and audible.
 */
export function playsMessageSound(
  message: Pick<Message, 'message_type' | 'private' | 'created_at'>,
  conversation: Pick<Conversation, 'assignee_id' | 'participants'> | undefined,
  userId: number,
  sound: SoundPreference,
  nowSeconds: number,
): boolean {
  if (!sound.sound_on_new_message || sound.sound_volume <= 0) return false;
  if (message.message_type !== 0 || message.private) return false;
  if (nowSeconds - message.created_at > FRESH_SECONDS) return false;
  if (!conversation) return false;
  return conversation.assignee_id === userId || (conversation.participants ?? []).some((p) => p.id === userId);
}
