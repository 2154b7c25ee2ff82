// Wire types of the Baton REST API (Chatwoot-compatible shapes).

export type Role = 'administrator' | 'agent' | string;

/** The person's own choices in one account (ADR 0014). */
export interface Preferences {
  /** Show the "Bot" tab: conversations the bot still has. Missing means true. */
  show_bot_conversations?: boolean;
  /** An e-mail for every new handoff in the person's queues. */
  email_on_new_handoff?: boolean;
  /** A sound for each new visitor message in the person's own conversations (ADR 0047). Missing means on. */
  sound_on_new_message?: boolean;
  /** Its volume, 0 to 100. Missing means 60. */
  sound_volume?: number;
}

export interface AccountMembership extends Preferences {
  id: number;
  name: string;
  role: Role;
  locale?: string;
}

/** GET /api/v1/profile. The top-level preferences belong to the current account (`account_id`). */
export interface Profile extends Preferences {
  id: number;
  name: string;
  email: string;
  /** Only in the answer of reset_access_token: the token is stored hashed. */
  access_token: string | null;
  account_id: number;
  locale?: string;
  /** The person's picture: an uploaded one (served by Baton) or a URL. */
  avatar_url?: string | null;
  accounts: AccountMembership[];
  /** Whether the Bot tab is shown (seed 001: "show the conversations the bot has"); missing means true. */
  show_bot_conversations?: boolean;
}

export interface AccountSettings {
  id: number;
  name: string;
  locale: string;
  max_message_length?: number | null;
  /** Resolving needs a wrap-up reason. */
  wrap_up_required?: boolean;
}

// ---------- routing ----------

export type Availability = 'available' | 'away' | 'offline';
export type AgentStatusValue = Availability | 'rona';

export interface AgentStatus {
  user_id: number;
  status: AgentStatusValue;
  busy: boolean;
  load: number;
  capacity: number;
  changed_at: number;
}

export interface AvailabilityAnswer {
  availability: Availability;
  payload: AgentStatus[];
}

export type OfferKind = 'handoff' | 'transfer' | 'conference';

export interface Offer {
  id: number;
  conversation_id: number;
  kind: OfferKind;
  status?: string;
  visitor_name: string | null;
  inbox: { id: number; name: string };
  team: { id: number; name: string } | null;
  reason: string | null;
  summary: string | null;
  requested_by?: number | null;
  /** The name of the agent who asked (a transfer's sender, a conference's host). */
  requested_by_name?: string | null;
  messages: Message[];
  /** Unix seconds. */
  expires_at: number;
  seconds_left: number;
  created_at: number;
}

/** data of transfer.failed / conference.failed, sent to the agent who asked */
export interface HandoverFailed {
  conversation_id: number;
  agent_id: number;
  agent_name?: string | null;
  reason: 'declined' | 'expired' | string;
}

/** data of offer.withdrawn / offer.expired */
export interface OfferGone {
  offer_id: number;
  conversation_id: number;
  reason?: string;
}

export interface WrapUpReason {
  id: number;
  account_id?: number;
  name: string;
  position?: number;
  active: boolean;
}

export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed';
export type ConversationOwner = 'bot' | 'queue' | 'agent';
export type AssigneeType = 'all' | 'me' | 'unassigned';

export interface Contact {
  id: number;
  name: string | null;
  email: string | null;
  phone_number: string | null;
  thumbnail: string | null;
  identifier: string | null;
  custom_attributes: Record<string, unknown>;
}

export interface Assignee {
  id: number;
  name: string;
  available_name: string | null;
  avatar_url: string | null;
}

/** A second agent who joined the conversation (conference). */
export interface Participant {
  id: number;
  name: string;
  available_name: string | null;
  avatar_url: string | null;
}

export interface Conversation {
  id: number;
  account_id: number;
  inbox_id: number;
  status: ConversationStatus;
  owner: ConversationOwner;
  assignee_id?: number | null;
  team_id?: number | null;
  meta: {
    sender: Contact;
    assignee: Assignee | null;
    team?: { id: number } | null;
    channel: 'Channel::WebWidget' | 'Channel::Api' | string;
  };
  /** Agents who joined in a conference, in the order they joined. */
  participants?: Participant[];
  labels: string[];
  messages: Message[];
  unread_count: number;
  last_activity_at: number;
  created_at: number;
  timestamp: number;
  last_seq: number | null;
  /** The inbox's pseudonym over the story's variables, else the contact's name. */
  display_name?: string | null;
  /** Unix seconds of the visitor's oldest unanswered message; null once an agent or the bot answered. */
  waiting_since?: number | null;
  /** The visitor's widget is open (docs/realtime.md#visitor-presence). */
  visitor_online?: boolean;
  agent_last_seen_at?: number | null;
  contact_last_seen_at?: number | null;
  additional_attributes: Record<string, unknown>;
  custom_attributes: Record<string, unknown>;
  /**
   * What the signed-in agent may do with it now, decided by the server's state machine (docs/routing.md).
   * Only on the REST answers; a socket event's payload has none (the conversation is read again).
   */
  allowed_actions?: AllowedAction[];
  /** Counts the conversation's transitions; actions send it back so that of two at once only one wins. */
  state_version?: number;
}

export type AllowedAction =
  | 'take'
  | 'assign'
  | 'unassign'
  | 'transfer'
  | 'invite'
  | 'leave'
  | 'remove_participants'
  | 'hand_back'
  | 'hand_off'
  | 'resolve'
  | 'reopen'
  | 'snooze';

export const MessageType = {
  Incoming: 0,
  Outgoing: 1,
  Activity: 2,
  Template: 3,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

export interface MessageSender {
  id: number;
  name: string;
  type: 'contact' | 'user' | 'agent_bot' | string;
  avatar_url: string | null;
}

export interface SelectItem {
  title: string;
  value: string;
}

/** An image of a message (Chatwoot's attachment shape; Baton makes no thumbnails: thumb_url is the image). */
export interface Attachment {
  id: number;
  message_id: number;
  file_type: 'image' | string;
  data_url: string;
  thumb_url: string;
  file_size: number;
  content_type?: string;
}

export interface Message {
  id: number;
  content: string | null;
  account_id: number;
  inbox_id: number;
  conversation_id: number;
  message_type: MessageType;
  content_type: 'text' | 'input_select' | string;
  content_attributes: { items?: SelectItem[] } & Record<string, unknown>;
  private: boolean;
  created_at: number;
  sender_type: 'Contact' | 'User' | 'AgentBot' | null;
  sender: MessageSender | null;
  seq: number | null;
  echo_id: string | null;
  /** Images of the message; empty when there are none (older servers may leave it out). */
  attachments?: Attachment[];
}

/** A message as held by the client: server messages plus optimistic ones not yet confirmed. */
export interface ClientMessage extends Message {
  /** Set while the POST is in flight (optimistic insert). */
  pending?: boolean;
  /** Set when the POST failed; the user can retry with the same echo_id. */
  failed?: boolean;
  /** The images of an unconfirmed message, shown from memory and sent again by a retry. */
  files?: File[];
  /** Why the server refused it (a stable code the UI translates); set with failed. */
  error?: string;
  /** The server refused it for good: the same request would be refused again, so no retry is offered. */
  final?: boolean;
}

export interface ListCounts {
  mine_count: number;
  unassigned_count: number;
  all_count: number;
  /** Conversations with visitor messages no agent has seen. */
  unread_count?: number;
}

export interface ConversationListPage {
  data: {
    meta: ListCounts;
    payload: Conversation[];
  };
}

export interface MessagesPage {
  meta: Record<string, unknown>;
  payload: ClientMessage[];
}

export interface ProblemFieldError {
  field: string;
  code: string;
  message: string;
}

/** RFC 9457 problem details. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: ProblemFieldError[];
}
