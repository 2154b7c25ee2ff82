import { request } from '../api/http';
import type { Contact, Conversation } from '../api/types';

export type AttributeType = 'text' | 'number' | 'currency' | 'percent' | 'link' | 'date' | 'list' | 'checkbox';
export const ATTRIBUTE_TYPES: AttributeType[] = ['text', 'number', 'currency', 'percent', 'link', 'date', 'list', 'checkbox'];
export type AttributeModel = 'contact_attribute' | 'conversation_attribute';

/** Chatwoot's custom attribute definition. */
export interface AttributeDefinition {
  id: number;
  attribute_display_name: string;
  attribute_display_type: AttributeType;
  attribute_description: string | null;
  attribute_key: string;
  attribute_values: string[];
  attribute_model: AttributeModel;
  regex_pattern: string | null;
  regex_cue: string | null;
}

export interface ContactDetail extends Contact {
  additional_attributes: Record<string, unknown>;
  last_activity_at: number | null;
  created_at: number;
}

export interface ListedContact extends ContactDetail {
  labels: string[];
}

export interface ContactPage {
  meta: { count: number | null; current_page: number | null; next_cursor: string | null };
  payload: ListedContact[];
}

export interface ContactInbox {
  source_id: string;
  inbox_id: number;
  hmac_verified: boolean;
  inbox: { id: number; name: string; channel_type: string } | null;
}

/** Chatwoot's contact show: the contact's own fields in `payload`, with its inboxes and labels. */
export interface ContactShow {
  payload: ContactDetail & { contact_inboxes: ContactInbox[]; labels: string[] };
}

export interface Note {
  id: number;
  content: string;
  contact_id: number;
  user_id: number | null;
  created_at: number;
  updated_at: number;
}

export interface ImportJob {
  id: number;
  status: 'pending' | 'processing' | 'completed' | 'failed';
  file_name: string | null;
  total_records: number;
  processed_records: number;
  created_records: number;
  updated_records: number;
  unchanged_records: number;
  failed_records: number;
  failure: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  /** null once the error report was removed (baton.imports.error-retention after the import finished). */
  errors_url: string | null;
}

export interface ImportPreview {
  delimiter: string;
  headers: string[];
  rows: string[][];
  mapping: Record<string, string>;
}

export const contactKeys = {
  all: (accountId: number) => ['contacts', accountId] as const,
  list: (accountId: number, query: string) => ['contacts', accountId, 'list', query] as const,
  one: (accountId: number, id: number) => ['contacts', accountId, 'one', id] as const,
  labels: (accountId: number, id: number) => ['contacts', accountId, 'labels', id] as const,
  notes: (accountId: number, id: number) => ['contacts', accountId, 'notes', id] as const,
  conversations: (accountId: number, id: number) => ['contacts', accountId, 'conversations', id] as const,
  /** The definitions as the contact screens and the side panel use them. */
  definitions: (accountId: number) => ['custom-attributes', accountId, 'definitions'] as const,
  /** The settings page's rows (list values joined for its form); a prefix of the key above, so that saving there refreshes both. */
  definitionRows: (accountId: number) => ['custom-attributes', accountId] as const,
  imports: (accountId: number) => ['contact-imports', accountId] as const,
  importJob: (accountId: number, id: number) => ['contact-imports', accountId, id] as const,
};

const base = (accountId: number) => `/api/v1/accounts/${accountId}`;

export const PER_PAGE = 30;

export function fetchContacts(accountId: number, query: string, cursor: string | null, signal?: AbortSignal) {
  const params = new URLSearchParams(query);
  params.set('per_page', String(PER_PAGE));
  if (cursor) params.set('cursor', cursor);
  return request<ContactPage>(`${base(accountId)}/contacts?${params}`, { signal });
}

/** The export of the same filtered list, as a download link. */
export function exportUrl(accountId: number, query: string): string {
  return `${base(accountId)}/contacts/export${query ? `?${query}` : ''}`;
}

export function fetchContact(accountId: number, id: number, signal?: AbortSignal) {
  return request<ContactShow>(`${base(accountId)}/contacts/${id}`, { signal });
}

export interface ContactChange {
  name?: string | null;
  email?: string | null;
  phone_number?: string | null;
  identifier?: string | null;
  custom_attributes?: Record<string, unknown>;
}

export function updateContact(accountId: number, id: number, change: ContactChange) {
  return request<{ payload: ContactDetail }>(`${base(accountId)}/contacts/${id}`, { method: 'PATCH', body: change });
}

export function createContact(accountId: number, change: ContactChange) {
  return request<{ payload: { contact: ContactDetail; contact_inbox: { source_id: string | null } } }>(`${base(accountId)}/contacts`, { method: 'POST', body: change });
}

export function deleteContact(accountId: number, id: number) {
  return request<void>(`${base(accountId)}/contacts/${id}`, { method: 'DELETE' });
}

export function personalDataUrl(accountId: number, id: number): string {
  return `${base(accountId)}/contacts/${id}/personal_data`;
}

export function setContactLabels(accountId: number, id: number, labels: string[]) {
  return request<{ payload: string[] }>(`${base(accountId)}/contacts/${id}/labels`, { method: 'POST', body: { labels } });
}

export function fetchNotes(accountId: number, id: number, signal?: AbortSignal) {
  return request<Note[]>(`${base(accountId)}/contacts/${id}/notes`, { signal });
}

export function addNote(accountId: number, id: number, content: string) {
  return request<Note>(`${base(accountId)}/contacts/${id}/notes`, { method: 'POST', body: { content } });
}

export function deleteNote(accountId: number, id: number, noteId: number) {
  return request<void>(`${base(accountId)}/contacts/${id}/notes/${noteId}`, { method: 'DELETE' });
}

export function mergeContacts(accountId: number, baseId: number, mergeeId: number) {
  return request<ContactDetail>(`${base(accountId)}/actions/contact_merge`, {
    method: 'POST',
    body: { base_contact_id: baseId, mergee_contact_id: mergeeId },
  });
}

export function fetchContactConversationPage(accountId: number, id: number, page: number, signal?: AbortSignal) {
  return request<{ meta: { page: number; per_page: number }; payload: Conversation[] }>(
    `${base(accountId)}/contacts/${id}/conversations?page=${page}`,
    { signal },
  );
}

export function fetchDefinitions(accountId: number, signal?: AbortSignal) {
  return request<AttributeDefinition[]>(`${base(accountId)}/custom_attribute_definitions`, { signal });
}

export type DefinitionChange = Partial<Omit<AttributeDefinition, 'id'>>;

export function createDefinition(accountId: number, change: DefinitionChange) {
  return request<AttributeDefinition>(`${base(accountId)}/custom_attribute_definitions`, { method: 'POST', body: change });
}

export function updateDefinition(accountId: number, id: number, change: DefinitionChange) {
  return request<AttributeDefinition>(`${base(accountId)}/custom_attribute_definitions/${id}`, { method: 'PATCH', body: change });
}

export function deleteDefinition(accountId: number, id: number) {
  return request<void>(`${base(accountId)}/custom_attribute_definitions/${id}`, { method: 'DELETE' });
}

/** The first 64 KiB are enough for the header and the first rows; larger files are cut (the server drops a cut row). */
export const PREVIEW_BYTES = 65_536;

export function previewImport(accountId: number, file: File) {
  const form = new FormData();
  const partial = file.size > PREVIEW_BYTES;
  form.append('import_file', partial ? file.slice(0, PREVIEW_BYTES) : file, file.name);
  if (partial) form.append('partial', 'true');
  return request<ImportPreview>(`${base(accountId)}/contacts/import/preview`, { method: 'POST', body: form });
}

export function startImport(accountId: number, file: File, mapping: Record<string, string>) {
  const form = new FormData();
  form.append('import_file', file, file.name);
  form.append('mapping', JSON.stringify(mapping));
  return request<ImportJob>(`${base(accountId)}/contacts/import`, { method: 'POST', body: form });
}

export function fetchImport(accountId: number, id: number, signal?: AbortSignal) {
  return request<ImportJob>(`${base(accountId)}/contacts/imports/${id}`, { signal });
}

export function fetchImports(accountId: number, signal?: AbortSignal) {
  return request<{ payload: ImportJob[] }>(`${base(accountId)}/contacts/imports`, { signal });
}

/** Chatwoot's POST /conversations/{id}/custom_attributes (Baton merges: a null removes a key). */
export function setConversationAttributes(accountId: number, conversationId: number, attributes: Record<string, unknown>) {
  return request<{ custom_attributes: Record<string, unknown> }>(`${base(accountId)}/conversations/${conversationId}/custom_attributes`, {
    method: 'POST',
    body: { custom_attributes: attributes },
  });
}
