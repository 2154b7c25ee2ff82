import { useTranslation } from 'react-i18next';
import { actionErrorCode } from './rules';

/** The text of a failed action: the translated code, else what the server said. */
export function useActionErrorText() {
  const { t } = useTranslation();
  return (error: unknown): string | undefined => {
    if (!error) return undefined;
    const code = actionErrorCode(error);
    if (code) return t(`actions.errors.${code}`);
    return (error as Error).message || t('app.genericError');
  };
}

/** A refusal shown next to the action that caused it. */
export function ActionError({ error, inline = false }: { error: unknown; inline?: boolean }) {
  const text = useActionErrorText()(error);
  if (!text) return null;
  return (
    <p className={inline ? 'actions-bar__error' : 'form-error'} role="alert">
      {text}
    </p>
  );
}
