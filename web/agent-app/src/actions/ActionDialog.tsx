import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from './ActionError';

interface Props {
  title: string;
  hint?: string;
  submitLabel: string;
  canSubmit: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}

/** A modal form for one action, with the server's refusal shown above its buttons. */
export function ActionDialog({ title, hint, submitLabel, canSubmit, pending, error, onSubmit, onClose, children }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) {
      if (typeof el.showModal === 'function') el.showModal();
      else el.setAttribute('open', '');
    }
  }, []);

  return (
    <dialog
      ref={dialog}
      className="dialog action-dialog"
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
        <ActionError error={error} />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('actions.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={!canSubmit || pending}>
            {submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
