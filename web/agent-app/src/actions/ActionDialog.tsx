import { useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useModal } from '../lib/useModal';
import { ActionError } from './ActionError';

interface Props {
  title: string;
  hint?: string;
  submitLabel: string;
  /** The submit button's look: `primary` (default) or `success` (ending). */
  tone?: 'primary' | 'success' | 'danger';
  cancelLabel?: string;
  /** Shown instead of the translated `error` when the caller words the refusal itself. */
  errorText?: string;
  canSubmit: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}

/** A modal form for one action, with the server's refusal shown above its buttons. */
export function ActionDialog({
  title,
  hint,
  submitLabel,
  tone = 'primary',
  cancelLabel,
  errorText,
  canSubmit,
  pending,
  error,
  onSubmit,
  onClose,
  children,
}: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useModal(dialog);

  return (
    <dialog
      ref={dialog}
      className={`dialog${tone === 'primary' ? ' action-dialog' : ''}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (canSubmit && !pending) onSubmit();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {hint && <p className="muted">{hint}</p>}
        {children}
        {errorText ? (
          <p className="form-error" role="alert">
            {errorText}
          </p>
        ) : (
          <ActionError error={error} />
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {cancelLabel ?? t('actions.cancel')}
          </button>
          <button type="submit" className={`button button--${tone}`} disabled={!canSubmit || pending}>
            {submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
