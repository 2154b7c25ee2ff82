import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionDialog } from '../actions/ActionDialog';
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

  return (
    <ActionDialog
      title={t('end.title')}
      hint={required ? t('end.chooseRequired') : t('end.choose')}
      submitLabel={t('end.confirm')}
      cancelLabel={t('end.cancel')}
      tone="success"
      canSubmit
      pending={pending}
      error={error}
      errorText={endErrorText(error, t)}
      onSubmit={() => onEnd(choice)}
      onClose={onClose}
    >
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
    </ActionDialog>
  );
}
