import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Field, FormError } from '../admin/ui';
import { fieldErrorsOf } from '../admin/errors';
import { useAuth } from '../auth/AuthProvider';
import { profileKey } from '../auth/api';
import { LanguageSelect } from '../layout/LanguageSelect';
import { preferencesFor, savePreferences, type AccountPreferences } from './preferences';

const FIELDS = ['show_bot_conversations', 'email_on_new_handoff'] as const;

/** "My preferences": the agent's own switches in this account, saved as soon as they change (seed 001). */
export function PreferencesPage() {
  const { t } = useTranslation();
  const { profile } = useAuth();
  const accountId = Number(useParams().accountId);
  const queryClient = useQueryClient();
  const current = preferencesFor(profile, accountId);
  const save = useMutation({
    mutationFn: (change: Partial<AccountPreferences>) => savePreferences(accountId, change),
    onSuccess: (updated) => queryClient.setQueryData(profileKey, updated),
  });
  const errors = fieldErrorsOf(save.error, (code) => (code === 'invalid_type' ? t('preferences.invalidType') : undefined));
  const pending = save.isPending ? save.variables : undefined;

  return (
    <main className="settings-page preferences-page">
      <div className="settings-page__head">
        <div>
          <h1>{t('preferences.title')}</h1>
          <p className="muted">{t('preferences.intro')}</p>
        </div>
      </div>
      <section className="card form">
        {FIELDS.map((field) => (
          <Field key={field} label={t(`preferences.${field}`)} name={field} errors={errors} hint={t(`preferences.${field}_hint`)} inline>
            <input
              type="checkbox"
              checked={pending?.[field] ?? current[field]}
              disabled={save.isPending}
              onChange={(e) => save.mutate({ [field]: e.target.checked })}
            />
          </Field>
        ))}
        <div className="field">
          <span className="field__label">{t('header.language')}</span>
          <LanguageSelect />
        </div>
        <FormError error={save.error} fields={FIELDS} />
        {save.isSuccess && (
          <p className="muted" role="status">
            {t('preferences.saved')}
          </p>
        )}
      </section>
    </main>
  );
}
