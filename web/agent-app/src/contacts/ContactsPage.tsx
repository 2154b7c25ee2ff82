import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { adminKeys, fetchLabels } from '../admin/api';
import { useAuth } from '../auth/AuthProvider';
import { formatMessageTime } from '../lib/format';
import { createContact, exportUrl, type ListedContact } from './api';
import { displayValue } from './attributes';
import {
  ACTIVITY_FILTERS,
  apiQuery,
  ATTRIBUTE_OPERATORS,
  filtersFromParams,
  hasFilters,
  NO_FILTERS,
  paramsFromFilters,
  type ContactFilters,
} from './filters';
import { useContactList, useDefinitions, useWhenVisible } from './hooks';
import { ActionDialog } from '../actions/ActionDialog';
import { useMutation } from '@tanstack/react-query';
import './contacts.css';

/** The Contacts screen: search and filters (kept in the address), endless scrolling by cursor, export, import. */
export function ContactsPage() {
  const { t, i18n } = useTranslation();
  const { accountId } = useParams();
  const id = Number(accountId);
  const { profile } = useAuth();
  const isAdmin = profile.accounts.find((a) => a.id === id)?.role === 'administrator';
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const [search, setSearch] = useState(filters.q);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const query = apiQuery(filters, Math.floor(Date.now() / 1000));
  const list = useContactList(id, query);
  const definitions = useDefinitions(id);
  const labels = useQuery({ queryKey: adminKeys.labels(id), queryFn: () => fetchLabels(id), staleTime: 60_000 });
  const rows = list.data?.pages.flatMap((p) => p.payload) ?? [];
  const count = list.data?.pages[0]?.meta.count;
  const sentinel = useWhenVisible(() => {
    if (list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  }, !!list.hasNextPage);

  const update = (change: Partial<ContactFilters>) => setParams(paramsFromFilters({ ...filters, ...change }), { replace: true });
  // Typing searches after a short pause, not on every key.
  useEffect(() => {
    if (search.trim() === filters.q) return;
    const timer = setTimeout(() => update({ q: search }), 300);
    return () => clearTimeout(timer);
  });
  const attribute = definitions.contact.find((d) => d.attribute_key === filters.attributeKey);

  return (
    <main className="contacts">
      <header className="contacts__head">
        <div>
          <h1>{t('contacts.title')}</h1>
          <p className="muted" role="status">
            {count == null ? t('app.loading') : t('contacts.count', { count })}
          </p>
        </div>
        <div className="contacts__actions">
          <button type="button" className="button" onClick={() => setCreating(true)}>
            {t('contacts.new')}
          </button>
          {isAdmin && (
            <Link className="button" to={`/accounts/${id}/contacts/import`}>
              {t('contacts.import.open')}
            </Link>
          )}
          <a className="button" href={exportUrl(id, query)} download>
            {t('contacts.export')}
          </a>
        </div>
      </header>

      <form className="contacts__filters card" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span className="field__label">{t('contacts.search')}</span>
          <input type="search" value={search} placeholder={t('contacts.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{t('contacts.filters.label')}</span>
          <select value={filters.label} onChange={(e) => update({ label: e.target.value })}>
            <option value="">{t('contacts.filters.anyLabel')}</option>
            {(labels.data ?? []).map((l) => (
              <option key={l.id} value={l.title}>
                {l.title}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('contacts.filters.attribute')}</span>
          <select value={filters.attributeKey} onChange={(e) => update({ attributeKey: e.target.value, attributeValue: '' })}>
            <option value="">{t('contacts.filters.anyAttribute')}</option>
            {definitions.contact.map((d) => (
              <option key={d.id} value={d.attribute_key}>
                {d.attribute_display_name}
              </option>
            ))}
          </select>
        </label>
        {filters.attributeKey && (
          <>
            <label className="field">
              <span className="field__label">{t('contacts.filters.operator')}</span>
              <select value={filters.attributeOperator} onChange={(e) => update({ attributeOperator: e.target.value as ContactFilters['attributeOperator'] })}>
                {ATTRIBUTE_OPERATORS.map((o) => (
                  <option key={o} value={o}>
                    {t(`contacts.filters.operators.${o}`)}
                  </option>
                ))}
              </select>
            </label>
            {filters.attributeOperator !== 'present' && (
              <label className="field">
                <span className="field__label">{t('contacts.filters.value')}</span>
                {attribute?.attribute_display_type === 'list' && filters.attributeOperator === 'equal_to' ? (
                  <select value={filters.attributeValue} onChange={(e) => update({ attributeValue: e.target.value })}>
                    <option value="" />
                    {attribute.attribute_values.map((v) => (
                      <option key={v}>{v}</option>
                    ))}
                  </select>
                ) : (
                  <input
                    type={attribute?.attribute_display_type === 'date' ? 'date' : 'text'}
                    value={filters.attributeValue}
                    onChange={(e) => update({ attributeValue: e.target.value })}
                  />
                )}
              </label>
            )}
          </>
        )}
        <label className="field">
          <span className="field__label">{t('contacts.filters.activity')}</span>
          <select value={filters.activity} onChange={(e) => update({ activity: e.target.value as ContactFilters['activity'] })}>
            {ACTIVITY_FILTERS.map((a) => (
              <option key={a} value={a}>
                {t(`contacts.filters.activities.${a}`)}
              </option>
            ))}
          </select>
        </label>
        {hasFilters(filters) && (
          <button
            type="button"
            className="button button--ghost contacts__clear"
            onClick={() => {
              setSearch('');
              setParams(paramsFromFilters(NO_FILTERS), { replace: true });
            }}
          >
            {t('contacts.filters.clear')}
          </button>
        )}
      </form>

      {list.isError ? (
        <p className="form-error" role="alert">
          {(list.error as Error).message}{' '}
          <button type="button" className="link-button" onClick={() => void list.refetch()}>
            {t('app.retry')}
          </button>
        </p>
      ) : (
        <div className="card table-card">
          <table className="table contacts__table">
            <thead>
              <tr>
                <th>{t('contacts.columns.name')}</th>
                <th>{t('contacts.columns.email')}</th>
                <th>{t('contacts.columns.phone')}</th>
                <th>{t('contacts.columns.labels')}</th>
                {attribute && <th>{attribute.attribute_display_name}</th>}
                <th>{t('contacts.columns.lastActivity')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <ContactRow
                  key={c.id}
                  contact={c}
                  attributeCell={
                    attribute
                      ? displayValue(attribute, c.custom_attributes[attribute.attribute_key], i18n.language, t('contacts.yes'), t('contacts.no'))
                      : undefined
                  }
                  onOpen={() => void navigate(`/accounts/${id}/contacts/${c.id}`)}
                />
              ))}
            </tbody>
          </table>
          {list.isPending && <p className="muted empty">{t('app.loading')}</p>}
          {!list.isPending && rows.length === 0 && (
            <p className="muted empty">{hasFilters(filters) ? t('contacts.noMatch') : t('contacts.empty')}</p>
          )}
          <div ref={sentinel} className="contacts__more">
            {list.isFetchingNextPage ? t('inbox.loadingMore') : list.hasNextPage ? (
              <button type="button" className="button button--ghost" onClick={() => void list.fetchNextPage()}>
                {t('contacts.more')}
              </button>
            ) : rows.length > 0 ? (
              <span className="muted">{t('contacts.end')}</span>
            ) : null}
          </div>
        </div>
      )}
      {creating && <NewContactDialog accountId={id} onClose={() => setCreating(false)} />}
    </main>
  );
}

function ContactRow({ contact, attributeCell, onOpen }: { contact: ListedContact; attributeCell?: string; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const { accountId } = useParams();
  return (
    <tr className="contacts__row" onClick={onOpen}>
      <td>
        <Link to={`/accounts/${accountId}/contacts/${contact.id}`} onClick={(e) => e.stopPropagation()}>
          {contact.name || contact.email || contact.identifier || t('contacts.unnamed', { id: contact.id })}
        </Link>
      </td>
      <td>{contact.email}</td>
      <td>{contact.phone_number}</td>
      <td>
        {contact.labels.map((l) => (
          <span key={l} className="chip chip--label">
            {l}
          </span>
        ))}
      </td>
      {attributeCell !== undefined && <td>{attributeCell}</td>}
      <td className="muted">
        {contact.last_activity_at ? formatMessageTime(contact.last_activity_at, i18n.language) : t('contacts.never')}
      </td>
    </tr>
  );
}

function NewContactDialog({ accountId, onClose }: { accountId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const create = useMutation({
    mutationFn: () => createContact(accountId, { name: name || null, email: email || null, phone_number: phone || null }),
    onSuccess: (r) => void navigate(`/accounts/${accountId}/contacts/${r.payload.contact.id}`),
  });
  return (
    <ActionDialog
      title={t('contacts.new')}
      submitLabel={t('contacts.create')}
      canSubmit={!!(name.trim() || email.trim() || phone.trim())}
      pending={create.isPending}
      error={create.error}
      onSubmit={() => create.mutate()}
      onClose={onClose}
    >
      <div className="form-grid">
        <label className="field">
          <span className="field__label">{t('contacts.columns.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span className="field__label">{t('contacts.columns.email')}</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{t('contacts.columns.phone')}</span>
          <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
        </label>
      </div>
    </ActionDialog>
  );
}
