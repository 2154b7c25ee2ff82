import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { cloneElement, useId, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutletContext } from 'react-router';
import { errorFor, fieldErrorsOf, formErrorText, type FieldErrors } from './errors';

export interface SettingsContext {
  accountId: number;
  /** Administrators change things; supervisors look. */
  canEdit: boolean;
  role: string;
}

export function useSettings(): SettingsContext {
  return useOutletContext<SettingsContext>();
}

/** A label, the control (given id / aria-invalid / aria-describedby) and the server's message for it. */
export function Field({
  label,
  name,
  errors,
  hint,
  children,
  inline,
}: {
  label: ReactNode;
  name: string;
  errors: FieldErrors;
  hint?: ReactNode;
  children: ReactElement<Record<string, unknown>>;
  inline?: boolean;
}) {
  const id = useId();
  const message = errorFor(errors, name);
  const describedBy = [hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const control = cloneElement(children, {
    id,
    name,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': describedBy,
  });
  return (
    <div className={`field${inline ? ' field--inline' : ''}${message ? ' field--invalid' : ''}`}>
      {inline ? (
        <label htmlFor={id} className="field__check">
          {control}
          <span>{label}</span>
        </label>
      ) : (
        <>
          <label htmlFor={id} className="field__label">
            {label}
          </label>
          {control}
        </>
      )}
      {hint && (
        <span id={`${id}-hint`} className="field__hint muted">
          {hint}
        </span>
      )}
      {message && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {message}
        </span>
      )}
    </div>
  );
}

const FIELD_CODES = ['required', 'taken', 'email', 'unpublished'];

/** Field error codes whose meaning needs no detail from the server, in the user's language. */
export function useFieldCodes(): (code: string) => string | undefined {
  const { t } = useTranslation();
  return (code) =>
    FIELD_CODES.includes(code)
      ? t(`settings.fieldErrors.${code}`)
      : code === 'invalid_type'
        ? t('preferences.invalidType')
        : undefined;
}

/** Errors of the server with known codes, in the user's words. */
export function useKnownCodes(): Record<string, string> {
  const { t } = useTranslation();
  return {
    licence_seats_exhausted: t('settings.errors.licence_seats_exhausted'),
    licence_seats_in_use: t('settings.errors.licence_seats_in_use'),
    licence_seats_above_limit: t('settings.errors.licence_seats_above_limit'),
    avatar_not_an_image: t('settings.errors.avatar_not_an_image'),
    avatar_unreadable: t('settings.errors.avatar_unreadable'),
    payload_too_large: t('settings.errors.payload_too_large'),
    last_administrator: t('settings.errors.last_administrator'),
    invalid_story: t('settings.errors.invalid_story'),
    story_unpublished: t('settings.errors.story_unpublished'),
    forbidden: t('settings.errors.forbidden'),
  };
}

export function FormError({ error, fields }: { error: unknown; fields: readonly string[] }) {
  const { t } = useTranslation();
  const known = useKnownCodes();
  const text = formErrorText(error, fields, t('app.genericError'), known);
  if (!text) return null;
  return (
    <p className="form-error" role="alert">
      {text}
    </p>
  );
}

/**
 * A mutation that refreshes the given queries when it succeeds and exposes the server's field
 * errors (empty while there are none).
 */
export function useSave<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>, invalidate: QueryKey[], onSuccess?: (r: TResult) => void) {
  const queryClient = useQueryClient();
  const translate = useFieldCodes();
  const mutation = useMutation({
    mutationFn: fn,
    onSuccess: async (result) => {
      await Promise.all(invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      onSuccess?.(result);
    },
  });
  return { ...mutation, fieldErrors: fieldErrorsOf(mutation.error, translate) };
}

export function PageHead({ title, intro, action }: { title: ReactNode; intro?: ReactNode; action?: ReactNode }) {
  return (
    <div className="settings-page__head">
      <div>
        <h1>{title}</h1>
        {intro && <p className="muted">{intro}</p>}
      </div>
      {action}
    </div>
  );
}

export function Loading({ query }: { query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown } }) {
  const { t } = useTranslation();
  if (query.isPending) return <p className="muted">{t('app.loading')}</p>;
  if (query.isError)
    return (
      <div className="form-error" role="alert">
        {(query.error as Error)?.message || t('app.genericError')}{' '}
        <button type="button" className="link-button" onClick={() => void query.refetch()}>
          {t('app.retry')}
        </button>
      </div>
    );
  return null;
}

/** A delete button that asks once more inline before it acts. */
export function DeleteButton({ onConfirm, pending, label }: { onConfirm: () => void; pending?: boolean; label?: string }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className="button button--danger-ghost" onClick={() => setAsking(true)}>
        {label ?? t('settings.delete')}
      </button>
    );
  return (
    <span className="confirm">
      <span>{t('settings.confirmDelete')}</span>
      <button type="button" className="button button--danger" disabled={pending} onClick={onConfirm}>
        {t('settings.yesDelete')}
      </button>
      <button type="button" className="button button--ghost" onClick={() => setAsking(false)}>
        {t('settings.cancel')}
      </button>
    </span>
  );
}

/** Save / cancel row at the bottom of an editor card. */
export function FormActions({ pending, onCancel, saved }: { pending: boolean; onCancel?: () => void; saved?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      {saved && (
        <span className="muted" role="status">
          {t('settings.saved')}
        </span>
      )}
      {onCancel && (
        <button type="button" className="button" onClick={onCancel}>
          {t('settings.cancel')}
        </button>
      )}
      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? t('settings.saving') : t('settings.save')}
      </button>
    </div>
  );
}

/** Copies text to the clipboard and says so. */
export function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        });
      }}
    >
      {copied ? t('settings.copied') : t('settings.copy')}
    </button>
  );
}

/** number input value → number or null. */
export const toNumber = (value: string): number | null => (value.trim() === '' ? null : Number(value));
export const fromNumber = (value: number | null | undefined): string => (value == null ? '' : String(value));
