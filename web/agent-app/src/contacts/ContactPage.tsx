import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ActionDialog } from '../actions/ActionDialog';
import { ActionError } from '../actions/ActionError';
import { LabelChip, labelColors } from '../actions/LabelsEditor';
import { useAccountLabels } from '../actions/hooks';
import { addableLabels, withLabel, withoutLabel } from '../actions/rules';
import { ApiError } from '../api/http';
import { useAuth } from '../auth/AuthProvider';
import { formatMessageTime } from '../lib/format';
import {
  addNote,
  contactKeys,
  deleteContact,
  deleteNote,
  fetchContact,
  fetchContactConversationPage,
  fetchContacts,
  fetchNotes,
  mergeContacts,
  personalDataUrl,
  setContactLabels,
  updateContact,
  type ContactDetail,
} from './api';
import { AttributeInput } from './AttributeInput';
import { attributeEntries, displayValue, valueFromInput, valueText } from './attributes';
import { useDefinitions } from './hooks';
import './contacts.css';

/** One contact: details and custom attributes, labels, notes, all their conversations; merge, export, delete. */
export function ContactPage() {
  const { t, i18n } = useTranslation();
  const { accountId, contactId } = useParams();
  const account = Number(accountId);
  const id = Number(contactId);
  const { profile } = useAuth();
  const isAdmin = profile.accounts.find((a) => a.id === account)?.role === 'administrator';
  const query = useQuery({ queryKey: contactKeys.one(account, id), queryFn: ({ signal }) => fetchContact(account, id, signal) });
  const [merging, setMerging] = useState(false);
  const [deleting, setDeleting] = useState(false);

  if (query.isPending) return <main className="contact-page muted">{t('app.loading')}</main>;
  if (query.isError) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <main className="contact-page">
        <p className="form-error" role="alert">
          {missing ? t('contacts.missing') : (query.error as Error).message}
        </p>
        <Link to={`/accounts/${account}/contacts`}>{t('contacts.back')}</Link>
      </main>
    );
  }
  const contact = query.data.payload;
  const { labels } = contact;
  const title = contact.name || contact.email || contact.identifier || t('contacts.unnamed', { id: contact.id });

  return (
    <main className="contact-page">
      <header className="contacts__head">
        <div>
          <Link to={`/accounts/${account}/contacts`} className="muted">
            ← {t('contacts.back')}
          </Link>
          <h1>{title}</h1>
          <p className="muted">
            {contact.last_activity_at
              ? t('contacts.lastActive', { when: formatMessageTime(contact.last_activity_at, i18n.language) })
              : t('contacts.neverActive')}
          </p>
        </div>
        <div className="contacts__actions">
          <button type="button" className="button" onClick={() => setMerging(true)}>
            {t('contacts.merge.open')}
          </button>
          {isAdmin && (
            <a className="button" href={personalDataUrl(account, id)} download>
              {t('contacts.personalData')}
            </a>
          )}
          {isAdmin && (
            <button type="button" className="button button--danger" onClick={() => setDeleting(true)}>
              {t('contacts.delete.open')}
            </button>
          )}
        </div>
      </header>
      <div className="contact-page__grid">
        <div className="contact-page__main">
          <DetailsForm key={`${contact.id}:${contact.name}:${contact.email}:${JSON.stringify(contact.custom_attributes)}`} accountId={account} contact={contact} />
          <LabelsCard accountId={account} contactId={id} labels={labels} />
          <NotesCard accountId={account} contactId={id} />
        </div>
        <ConversationsCard accountId={account} contactId={id} />
      </div>
      {merging && <MergeDialog accountId={account} base={contact} onClose={() => setMerging(false)} />}
      {deleting && <DeleteDialog accountId={account} contact={contact} title={title} onClose={() => setDeleting(false)} />}
    </main>
  );
}

function DetailsForm({ accountId, contact }: { accountId: number; contact: ContactDetail }) {
  const { t, i18n } = useTranslation();
  const formId = useId();
  const queryClient = useQueryClient();
  const definitions = useDefinitions(accountId);
  const [fields, setFields] = useState({
    name: contact.name ?? '',
    email: contact.email ?? '',
    phone_number: contact.phone_number ?? '',
    identifier: contact.identifier ?? '',
  });
  const [custom, setCustom] = useState<Record<string, string | boolean>>({});
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => {
      const attributes: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(custom)) {
        attributes[key] = valueFromInput(definitions.byKey('contact_attribute', key), value);
      }
      return updateContact(accountId, contact.id, {
        name: fields.name.trim() || null,
        email: fields.email.trim() || null,
        phone_number: fields.phone_number.trim() || null,
        identifier: fields.identifier.trim() || null,
        custom_attributes: attributes,
      });
    },
    onSuccess: async () => {
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: contactKeys.all(accountId) });
    },
  });
  useEffect(() => setSaved(false), [fields, custom]);
  const errors = save.error instanceof ApiError ? save.error.fieldErrors : [];
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const freeForm = attributeEntries([], contact.custom_attributes).filter((e) => !definitions.byKey('contact_attribute', e.key));

  return (
    <form
      className="card form"
      aria-labelledby={`${formId}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id={`${formId}-title`}>{t('contacts.details')}</h2>
      <div className="form-grid">
        {(['name', 'email', 'phone_number', 'identifier'] as const).map((f) => (
          <label key={f} className={`field${errorOf(f) ? ' field--invalid' : ''}`}>
            <span className="field__label">{t(`contacts.fields.${f}`)}</span>
            <input
              type={f === 'email' ? 'email' : 'text'}
              value={fields[f]}
              aria-invalid={errorOf(f) ? true : undefined}
              onChange={(e) => setFields((v) => ({ ...v, [f]: e.target.value }))}
            />
            {errorOf(f) && (
              <span className="field-error" role="alert">
                {errorOf(f)}
              </span>
            )}
          </label>
        ))}
      </div>
      {definitions.contact.length > 0 && (
        <>
          <h3>{t('contacts.attributes.title')}</h3>
          <div className="form-grid">
            {definitions.contact.map((d) => {
              const field = `custom_attributes.${d.attribute_key}`;
              const inputId = `${formId}-${d.attribute_key}`;
              const value = d.attribute_key in custom ? custom[d.attribute_key] : contact.custom_attributes[d.attribute_key];
              return (
                <div key={d.id} className={`field${errorOf(field) ? ' field--invalid' : ''}`}>
                  <label className="field__label" htmlFor={inputId}>
                    {d.attribute_display_name}
                  </label>
                  <AttributeInput
                    id={inputId}
                    definition={d}
                    value={value}
                    invalid={!!errorOf(field)}
                    onChange={(v) => setCustom((c) => ({ ...c, [d.attribute_key]: v }))}
                  />
                  {errorOf(field) && (
                    <span className="field-error" role="alert">
                      {errorOf(field)}
                    </span>
                  )}
                </div>
              );
            })}
          </div>
        </>
      )}
      {freeForm.length > 0 && (
        <dl className="facts">
          {freeForm.map((e) => (
            <div key={e.key}>
              <dt>{e.key}</dt>
              <dd>{displayValue(undefined, e.value, i18n.language, t('contacts.yes'), t('contacts.no'))}</dd>
            </div>
          ))}
        </dl>
      )}
      {save.error && !errors.length && <ActionError error={save.error} />}
      {save.error && errors.length > 0 && (
        <p className="form-error" role="alert">
          {t('contacts.fixFields')}
        </p>
      )}
      <div className="form-actions">
        {saved && save.isSuccess && (
          <span className="muted" role="status">
            {t('contacts.saved')}
          </span>
        )}
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {t('contacts.save')}
        </button>
      </div>
    </form>
  );
}

function LabelsCard({ accountId, contactId, labels }: { accountId: number; contactId: number; labels: string[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const account = useAccountLabels(accountId);
  const colors = labelColors(account.data);
  const save = useMutation({
    mutationFn: (next: string[]) => setContactLabels(accountId, contactId, next),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactKeys.all(accountId) }),
  });
  const addable = addableLabels(account.data ?? [], labels);
  return (
    <section className="card" aria-labelledby="contact-labels">
      <h2 id="contact-labels">{t('contacts.labels')}</h2>
      <div className="labels-editor">
        {labels.map((l) => (
          <LabelChip key={l} label={l} color={colors.get(l)} onRemove={() => save.mutate(withoutLabel(labels, l))} />
        ))}
        {addable.length > 0 && (
          <select
            aria-label={t('actions.labels.add')}
            value=""
            disabled={save.isPending}
            onChange={(e) => e.target.value && save.mutate(withLabel(labels, e.target.value))}
          >
            <option value="">{t('actions.labels.addOption')}</option>
            {addable.map((l) => (
              <option key={l.id} value={l.title}>
                {l.title}
              </option>
            ))}
          </select>
        )}
        {labels.length === 0 && addable.length === 0 && <span className="muted">{t('actions.labels.none')}</span>}
      </div>
      <ActionError error={save.error} inline />
    </section>
  );
}

function NotesCard({ accountId, contactId }: { accountId: number; contactId: number }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const notes = useQuery({ queryKey: contactKeys.notes(accountId, contactId), queryFn: ({ signal }) => fetchNotes(accountId, contactId, signal) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: contactKeys.notes(accountId, contactId) });
  const add = useMutation({ mutationFn: () => addNote(accountId, contactId, text), onSuccess: () => { setText(''); return refresh(); } });
  const remove = useMutation({ mutationFn: (noteId: number) => deleteNote(accountId, contactId, noteId), onSuccess: refresh });
  return (
    <section className="card" aria-labelledby="contact-notes">
      <h2 id="contact-notes">{t('contacts.notes.title')}</h2>
      <form
        className="contact-notes__add"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) add.mutate();
        }}
      >
        <textarea rows={2} value={text} aria-label={t('contacts.notes.new')} placeholder={t('contacts.notes.placeholder')} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="button" disabled={!text.trim() || add.isPending}>
          {t('contacts.notes.add')}
        </button>
      </form>
      <ActionError error={add.error ?? remove.error} />
      {notes.data?.length === 0 && <p className="muted">{t('contacts.notes.none')}</p>}
      <ul className="contact-notes">
        {(notes.data ?? []).map((n) => (
          <li key={n.id} className="note">
            <p>{n.content}</p>
            <span className="muted">
              {formatMessageTime(n.created_at, i18n.language)}
              <button type="button" className="link-button" onClick={() => remove.mutate(n.id)}>
                {t('contacts.notes.delete')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ConversationsCard({ accountId, contactId }: { accountId: number; contactId: number }) {
  const { t, i18n } = useTranslation();
  const query = useInfiniteQuery({
    queryKey: contactKeys.conversations(accountId, contactId),
    queryFn: ({ pageParam, signal }) => fetchContactConversationPage(accountId, contactId, pageParam, signal),
    initialPageParam: 1,
    getNextPageParam: (last, _all, page) => (last.payload.length < last.meta.per_page ? undefined : page + 1),
  });
  const conversations = query.data?.pages.flatMap((p) => p.payload) ?? [];
  return (
    <section className="card contact-page__conversations" aria-labelledby="contact-conversations">
      <h2 id="contact-conversations">{t('contacts.conversations.title')}</h2>
      <p className="muted">{t('contacts.conversations.scope')}</p>
      {query.isPending && <p className="muted">{t('app.loading')}</p>}
      {query.isSuccess && conversations.length === 0 && <p className="muted">{t('contacts.conversations.none')}</p>}
      <ul className="previous-conversations">
        {conversations.map((c) => (
          <li key={c.id}>
            <Link to={`/accounts/${accountId}/conversations/${c.id}`} className="previous-conversations__item">
              <span className="previous-conversations__title">
                {t('worklist.previous.item', { id: c.id })}
                <span className={`chip chip--status-${c.status}`}>{t(`worklist.status.${c.status}`)}</span>
              </span>
              <span className="previous-conversations__preview">{c.messages[0]?.content?.trim() || ''}</span>
              <time dateTime={new Date(c.created_at * 1000).toISOString()} className="muted">
                {formatMessageTime(c.created_at, i18n.language)}
              </time>
            </Link>
          </li>
        ))}
      </ul>
      {query.hasNextPage && (
        <button type="button" className="button button--ghost" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t('worklist.previous.more')}
        </button>
      )}
    </section>
  );
}

/** Merging by hand: pick the duplicate; its conversations, labels, notes and identities move here. */
function MergeDialog({ accountId, base, onClose }: { accountId: number; base: ContactDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<number | null>(null);
  const found = useQuery({
    queryKey: ['contacts', accountId, 'merge-search', q],
    queryFn: ({ signal }) => fetchContacts(accountId, new URLSearchParams({ q }).toString(), null, signal),
    enabled: q.trim().length > 0,
  });
  const candidates = (found.data?.payload ?? []).filter((c) => c.id !== base.id);
  const merge = useMutation({
    mutationFn: () => mergeContacts(accountId, base.id, chosen!),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: contactKeys.all(accountId) });
      onClose();
      void navigate(`/accounts/${accountId}/contacts/${base.id}`);
    },
  });
  const picked = candidates.find((c) => c.id === chosen);
  return (
    <ActionDialog
      title={t('contacts.merge.title')}
      hint={t('contacts.merge.hint', { name: base.name || base.email || `#${base.id}` })}
      submitLabel={t('contacts.merge.submit')}
      canSubmit={chosen !== null}
      pending={merge.isPending}
      error={merge.error}
      onSubmit={() => merge.mutate()}
      onClose={onClose}
    >
      <label className="field">
        <span className="field__label">{t('contacts.merge.search')}</span>
        <input type="search" value={q} autoFocus onChange={(e) => { setQ(e.target.value); setChosen(null); }} />
      </label>
      <ul className="merge-candidates" role="listbox" aria-label={t('contacts.merge.candidates')}>
        {candidates.map((c) => (
          <li
            key={c.id}
            role="option"
            aria-selected={chosen === c.id}
            className={chosen === c.id ? 'merge-candidates__item merge-candidates__item--chosen' : 'merge-candidates__item'}
            onClick={() => setChosen(c.id)}
            onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && setChosen(c.id)}
            tabIndex={0}
          >
            <strong>{c.name || t('contacts.unnamed', { id: c.id })}</strong> <span className="muted">{c.email ?? c.identifier ?? ''}</span>
          </li>
        ))}
        {q.trim() && found.isSuccess && candidates.length === 0 && <li className="muted">{t('contacts.noMatch')}</li>}
      </ul>
      {picked && (
        <p className="merge-warning" role="status">
          {t('contacts.merge.warning', { name: picked.name || picked.email || `#${picked.id}` })}
        </p>
      )}
    </ActionDialog>
  );
}

function DeleteDialog({ accountId, contact, title, onClose }: { accountId: number; contact: ContactDetail; title: string; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteContact(accountId, contact.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: contactKeys.all(accountId) });
      void navigate(`/accounts/${accountId}/contacts`);
    },
  });
  return (
    <ActionDialog
      title={t('contacts.delete.title', { name: title })}
      hint={t('contacts.delete.hint')}
      submitLabel={t('contacts.delete.submit')}
      tone="danger"
      canSubmit
      pending={remove.isPending}
      error={remove.error}
      onSubmit={() => remove.mutate()}
      onClose={onClose}
    >
      <p>{valueText(contact.email ?? '')}</p>
    </ActionDialog>
  );
}
