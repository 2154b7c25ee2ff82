export interface Sender {
  id: number;
  name: string;
  type: 'contact' | 'user' | 'agent_bot' | string;
  avatar_url?: string | null;
}

export interface SelectItem {
  title: string;
  value: string;
}

/** An image of a message; data_url is /public/attachments/{token} (absolute when the server knows its public URL). */
export interface Attachment {
  id: number;
  file_type: string;
  data_url: string;
  thumb_url?: string | null;
  content_type?: string | null;
}

/** 0 visitor (incoming), 1 agent or bot (outgoing), 2 activity, 3 template (bot). */
export type MessageType = 0 | 1 | 2 | 3;

export interface Message {
  id: number;
  content: string | null;
  message_type: MessageType;
  content_type: string;
  content_attributes: { items?: SelectItem[] } & Record<string, unknown>;
  created_at: number;
  conversation_id: number;
  sender: Sender | null;
  seq?: number | null;
  echo_id?: string | null;
  private?: boolean;
  attachments?: Attachment[];
  /** Client-side: the images of an unconfirmed message (shown from memory, sent again by a retry). */
  files?: File[];
  /** Client-side: why the server refused it for good (then no retry is offered). */
  refusal?: Refusal;
  /** Client-side: optimistic, not yet confirmed by the server. */
  pending?: boolean;
  /** Client-side: sending failed for good; can be retried with the same echo_id. */
  failed?: boolean;
}

export interface Contact {
  id: number;
  source_id: string;
  pubsub_token: string;
  name: string | null;
  email: string | null;
  phone_number: string | null;
}

export type Owner = 'bot' | 'queue' | 'agent';

/** The agent a visitor sees. */
export interface Agent {
  id: number;
  name: string;
  avatar_url?: string | null;
}

export interface Conversation {
  id: number;
  uuid?: string;
  inbox_id: number;
  status: 'open' | 'resolved' | 'pending' | 'snoozed';
  owner?: Owner;
  agent?: Agent | null;
  messages: Message[];
}

export interface QueuePlace {
  conversation_id: number;
  position?: number | null;
  estimated_wait_seconds?: number | null;
  agents_available?: number | null;
}

export interface ServerEvent {
  type: string;
  account_id?: number | null;
  conversation_id: number | null;
  seq: number | null;
  data: unknown;
}

export interface UserSettings {
  identifier?: string;
  email?: string;
  name?: string;
  identifier_hash?: string;
}

export interface BatonSettings {
  locale?: string;
  user?: UserSettings;
  /** Custom attributes of the contact, sent when the contact is made (or at once when it exists). */
  customAttributes?: Record<string, unknown>;
}

/** A refusal the same request would get again: too large, not an image, too many images. */
export type Refusal = 'tooLarge' | 'wrongType' | 'tooMany';
