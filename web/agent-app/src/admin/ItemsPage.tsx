import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isMissingEndpoint } from './api';
import { DeleteButton, Field, FormActions, FormError, Loading, PageHead, useSave, useSettings } from './ui';

export interface ItemField {
  name: string;
  label: string;
  kind?: 'text' | 'textarea' | 'number' | 'checkbox' | 'color' | 'select';
  /** For a select: its options (value and label). */
  options?: { value: string; label: string }[];
  /** Shown but not changed once the item exists (e.g. a key other records refer to). */
  fixed?: boolean;
  required?: boolean;
  hint?: string;
  wide?: boolean;
}

type Values = Record<string, string | number | boolean | null>;

interface Props<T extends { id: number }> {
  title: string;
  intro: string;
  newLabel: string;
  empty: string;
  /** Shown when the server does not offer the endpoint yet (404). */
  missing: string;
  queryKey: readonly unknown[];
  list: (accountId: number) => Promise<T[]>;
  create: (accountId: number, values: Values) => Promise<unknown>;
  update: (accountId: number, id: number, values: Values) => Promise<unknown>;
  remove?: (accountId: number, id: number) => Promise<unknown>;
  fields: ItemField[];
  defaults: Values;
  columns: { header: string; cell: (item: T) => ReactNode }[];
  /** Stable order for the list (e.g. by position). */
  sort?: (a: T, b: T) => number;
}

/** A list of simple records with an inline editor: wrap-up reasons, canned replies, labels. */
export function ItemsPage<T extends { id: number }>(props: Props<T>) {
  const { t } = useTranslation();
  const { accountId, canEdit } = useSettings();
  const query = useQuery({ queryKey: props.queryKey, queryFn: () => props.list(accountId), retry: (n, e) => !isMissingEndpoint(e) && n < 2 });
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const missing = isMissingEndpoint(query.error);
  const items = [...(query.data ?? [])];
  if (props.sort) items.sort(props.sort);
  const current = typeof editing === 'number' ? items.find((x) => x.id === editing) : undefined;

  return (
    <section className="settings-page">
      <PageHead
        title={props.title}
        intro={props.intro}
        action={
          canEdit &&
          !missing && (
            <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
              {props.newLabel}
            </button>
          )
        }
      />
      {missing ? <p className="card muted">{props.missing}</p> : <Loading query={query} />}
      {editing === 'new' && <ItemForm {...props} accountId={accountId} canEdit onClose={() => setEditing(null)} />}
      {query.data && (
        <div className="card table-card">
          <table className="table">
            <thead>
              <tr>
                {props.columns.map((c) => (
                  <th key={c.header}>{c.header}</th>
                ))}
                <th aria-label={t('settings.actions')} />
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} className={editing === item.id ? 'table__row--selected' : undefined}>
                  {props.columns.map((c) => (
                    <td key={c.header}>{c.cell(item)}</td>
                  ))}
                  <td className="table__actions">
                    <button type="button" className="button" onClick={() => setEditing(item.id)}>
                      {canEdit ? t('settings.edit') : t('settings.view')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {items.length === 0 && <p className="muted empty">{props.empty}</p>}
        </div>
      )}
      {current && <ItemForm key={current.id} {...props} accountId={accountId} item={current} canEdit={canEdit} onClose={() => setEditing(null)} />}
    </section>
  );
}

function ItemForm<T extends { id: number }>({
  accountId,
  item,
  canEdit,
  onClose,
  fields,
  defaults,
  queryKey,
  create,
  update,
  remove,
  newLabel,
}: Props<T> & { accountId: number; item?: T; canEdit: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const initial: Values = { ...defaults };
  if (item) for (const f of fields) initial[f.name] = (item as unknown as Values)[f.name] ?? defaults[f.name] ?? null;
  const [values, setValues] = useState<Values>(initial);
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [values]);
  const save = useSave((v: Values) => (item ? update(accountId, item.id, v) : create(accountId, v)), [queryKey], () =>
    item ? setSaved(true) : onClose(),
  );
  const del = useSave(() => remove!(accountId, item!.id), [queryKey], onClose);
  const errors = save.fieldErrors;
  const set = (name: string, value: Values[string]) => setValues((v) => ({ ...v, [name]: value }));

  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        const body: Values = {};
        for (const f of fields) {
          if (f.fixed && item) continue;
          const v = values[f.name];
          body[f.name] = f.kind === 'number' ? (v === '' || v == null ? null : Number(v)) : typeof v === 'string' ? v.trim() : (v ?? null);
        }
        save.mutate(body);
      }}
    >
      <div className="card__head">
        <h2>{item ? t('settings.editItem') : newLabel}</h2>
        <button type="button" className="button button--ghost" onClick={onClose} aria-label={t('settings.close')}>
          ✕
        </button>
      </div>
      <fieldset disabled={!canEdit}>
        <div className="form-grid">
          {fields.map((f) => {
            const v = values[f.name];
            const control =
              f.kind === 'checkbox' ? (
                <input type="checkbox" checked={!!v} onChange={(e) => set(f.name, e.target.checked)} />
              ) : f.kind === 'select' ? (
                <select value={String(v ?? '')} disabled={f.fixed && !!item} required={f.required} onChange={(e) => set(f.name, e.target.value)}>
                  {(f.options ?? []).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : f.kind === 'textarea' ? (
                <textarea rows={4} value={String(v ?? '')} required={f.required} onChange={(e) => set(f.name, e.target.value)} />
              ) : (
                <input
                  type={f.kind ?? 'text'}
                  value={String(v ?? '')}
                  readOnly={f.fixed && !!item}
                  required={f.required}
                  onChange={(e) => set(f.name, e.target.value)}
                />
              );
            return (
              <div key={f.name} className={f.wide ? 'field--wide' : undefined}>
                <Field label={f.label} name={f.name} errors={errors} hint={f.hint} inline={f.kind === 'checkbox'}>
                  {control}
                </Field>
              </div>
            );
          })}
        </div>
        <FormError error={save.error ?? del.error} fields={fields.map((f) => f.name)} />
        {canEdit && (
          <div className="form-actions form-actions--split">
            {item && remove ? <DeleteButton onConfirm={() => del.mutate(undefined)} pending={del.isPending} /> : <span />}
            <FormActions pending={save.isPending} saved={saved && save.isSuccess} />
          </div>
        )}
      </fieldset>
    </form>
  );
}
