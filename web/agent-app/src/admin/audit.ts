import type { TFunction } from 'i18next';
import type { AuditEntry } from './api';

/** One change of an entry, as read: {@code name 'A' → 'B'} for an update, {@code name: 'A'} otherwise. */
export interface ChangeLine {
  field: string;
  text: string;
}

/** Verbs the page has words for; any other action reads as a change. */
const ACTIONS = ['create', 'update', 'destroy', 'publish', 'reset_access_token', 'merge', 'revoke', 'accept'] as const;

export function value(v: unknown, t: TFunction): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('settings.yes') : t('settings.no');
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map((x) => value(x, t)).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return typeof v === 'string' ? `'${v}'` : String(v);
}

/** Chatwoot's audited changes: an update holds {@code [before, after]} per field, the rest plain values. */
export function changeLines(entry: AuditEntry, t: TFunction): ChangeLine[] {
  const pairs = entry.action !== 'create' && entry.action !== 'destroy' && entry.action !== 'accept';
  return Object.entries(entry.audited_changes ?? {}).map(([field, v]) =>
    pairs && Array.isArray(v) && v.length === 2
      ? { field, text: `${field} ${value(v[0], t)} → ${value(v[1], t)}` }
      : { field, text: `${field}: ${value(v, t)}` },
  );
}

/** "Anna changed the inbox Website": who, what they did, to what (in the reader's language). */
export function sentence(entry: AuditEntry, t: TFunction): string {
  const actor = entry.actor_name || entry.username || t('settings.audit.system');
  const action = (ACTIONS as readonly string[]).includes(entry.action) ? entry.action : 'update';
  const what = t(`settings.audit.types.${entry.auditable_type}`, { defaultValue: entry.auditable_type });
  const name = entry.auditable_name ?? `#${entry.auditable_id}`;
  return t(`settings.audit.actions.${action}`, { actor, what, name });
}
