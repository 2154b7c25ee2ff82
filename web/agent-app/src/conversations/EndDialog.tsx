import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';
import { useWrapUpReasons } from '../routing/hooks';

interface Props {
  accountId: number;
  required: boolean;
  pending: boolean;
  error: Error | null;
  onEnd: (wrapUpReasonId: number | undefined) => void;
  onClose: () => void;
}

/** The server's refusal, in words the agent understands. */
export function endErrorText(error: Error | null, t: (key: string) => string): string | undefined {
  if (!error) return undefined;
  if (error instanceof ApiError && error.problem.code === 'wrap_up_reason_required') return t('end.reasonRequired');
  if (error instanceof ApiError && error.fieldError('wrap_up_reason_id')) return t('end.reasonUnknown');
  return error.message || t('app.genericError');
}

/** "End" with a wrap-up reason (GET …/wrap_up_reasons; retired ones are not offered). */
export function EndDialog({ accountId, required, pending, error, onEnd, onClose }: Props) {
  const { t } = useTranslation();
  const reasons = useWrapUpReasons(accountId);
  const active = (reasons.data ?? []).filter((r) => r.active);
  const [choice, setChoice] = useState<number | undefined>(undefined);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) {
      if (typeof el.showModal === 'function') el.showModal();
      else el.setAttribute('open', '');
    }
  }, []);

  const message = endErrorText(error, t);

  return (
    <dialog
      ref={dialog}
      className="dialog"
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
          onEnd(choice);
        }}
      >
        <h2 id={titleId}>{t('end.title')}</h2>
        <p className="muted">{required ? t('end.chooseRequired') : t('end.choose')}</p>
        {reasons.isPending ? (
          <p className="muted">{t('app.loading')}</p>
        ) : reasons.isError ? (
          <p className="form-error" role="alert">
            {reasons.error.message}
          </p>
        ) : (
          <fieldset className="reason-list">
            <legend className="visually-hidden">{t('end.reasons')}</legend>
            {!required && (
              <label className="reason">
                <input type="radio" name="reason" checked={choice === undefined} onChange={() => setChoice(undefined)} />
                {t('end.noReason')}
              </label>
            )}
            {active.map((r) => (
              <label key={r.id} className="reason">
                <input type="radio" name="reason" checked={choice === r.id} onChange={() => setChoice(r.id)} />
                {r.name}
              </label>
            ))}
            {active.length === 0 && <p className="muted">{t('end.noReasons')}</p>}
          </fieldset>
        )}
        {message && (
          <p className="form-error" role="alert">
            {message}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('end.cancel')}
          </button>
          <button type="submit" className="button button--success" disabled={pending}>
            {t('end.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
