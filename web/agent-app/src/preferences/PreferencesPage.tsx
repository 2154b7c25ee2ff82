import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Field, FormError } from '../admin/ui';
import { fieldErrorsOf } from '../admin/errors';
import { useAuth } from '../auth/AuthProvider';
import { profileKey, resetAccessToken } from '../auth/api';
import { LanguageSelect } from '../layout/LanguageSelect';
import { useCallback, useEffect, useId, useState } from 'react';
import { messageTone, unlockSound } from '../routing/alert';
import { AvatarUpload } from './AvatarUpload';
import { preferencesFor, savePreferences, soundFor, type AccountPreferences, type SoundPreference } from './preferences';

const FIELDS = ['show_bot_conversations', 'email_on_new_handoff'] as const;

/** "My preferences": the agent's own switches in this account, saved as soon as they change (seed 001). */
export function PreferencesPage() {
  const { t } = useTranslation();
  const { profile } = useAuth();
  const accountId = Number(useParams().accountId);
  const queryClient = useQueryClient();
  const current = preferencesFor(profile, accountId);
  const save = useMutation({
    mutationFn: (change: Partial<AccountPreferences & SoundPreference>) => savePreferences(accountId, change),
    onSuccess: (updated) => queryClient.setQueryData(profileKey, updated),
  });
  const errors = fieldErrorsOf(save.error, (code) => (code === 'invalid_type' ? t('preferences.invalidType') : undefined));
  // The change being saved, held in state set in the click itself: the mutation's own pending state reaches React a
  // tick later, and a controlled checkbox would flip back in between (a click that seems to do nothing).
  const [pending, setPending] = useState<Partial<AccountPreferences & SoundPreference>>();
  const { mutate } = save;
  const change = useCallback(
    (c: Partial<AccountPreferences & SoundPreference>) => {
      setPending(c);
      mutate(c, { onSettled: () => setPending(undefined) });
    },
    [mutate],
  );

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
              disabled={pending !== undefined}
              onChange={(e) => change({ [field]: e.target.checked })}
            />
          </Field>
        ))}
        <MessageSound
          sound={soundFor(profile, accountId)}
          pending={pending}
          errors={errors}
          onSave={change}
        />
        <div className="field">
          <span className="field__label">{t('header.language')}</span>
          <LanguageSelect />
        </div>
        <FormError error={save.error} fields={[...FIELDS, 'sound_on_new_message', 'sound_volume']} />
        {save.isSuccess && (
          <p className="muted" role="status">
            {t('preferences.saved')}
          </p>
        )}
      </section>
      <AvatarUpload />
      <AccessToken />
    </main>
  );
}

/** The sound for each new visitor message in one's own conversations: on or off, and how loud (ADR 0047). */
function MessageSound({
  sound,
  pending,
  errors,
  onSave,
}: {
  sound: SoundPreference;
  /** The change being saved, shown at once (as the other switches do). */
  pending: Partial<SoundPreference> | undefined;
  errors: Record<string, string>;
  onSave: (change: Partial<SoundPreference>) => void;
}) {
  const { t } = useTranslation();
  const volumeId = useId();
  const on = pending?.sound_on_new_message ?? sound.sound_on_new_message;
  const [volume, setVolume] = useState(sound.sound_volume);
  useEffect(() => setVolume(sound.sound_volume), [sound.sound_volume]);
  // The slider moves many steps in one drag: save once it rests.
  useEffect(() => {
    if (volume === sound.sound_volume) return;
    const timer = setTimeout(() => onSave({ sound_volume: volume }), 400);
    return () => clearTimeout(timer);
  }, [volume, sound.sound_volume, onSave]);
  return (
    <>
      <Field
        label={t('preferences.sound_on_new_message')}
        name="sound_on_new_message"
        errors={errors}
        hint={t('preferences.sound_on_new_message_hint')}
        inline
      >
        <input
          type="checkbox"
          checked={on}
          disabled={pending !== undefined}
          onChange={(e) => onSave({ sound_on_new_message: e.target.checked })}
        />
      </Field>
      <div className="field">
        <label htmlFor={volumeId} className="field__label">
          {t('preferences.sound_volume')}
        </label>
        <span className="sound-volume">
          <input
            id={volumeId}
            name="sound_volume"
            type="range"
            min={0}
            max={100}
            step={5}
            value={volume}
            disabled={!on}
            aria-invalid={errors.sound_volume ? true : undefined}
            onChange={(e) => setVolume(Number(e.target.value))}
          />
          <output htmlFor={volumeId}>{volume}</output>
          <button
            type="button"
            className="button"
            disabled={!on || volume === 0}
            onClick={() => {
              unlockSound();
              // The context may need this gesture to start; play once it runs.
              setTimeout(() => messageTone(volume), 50);
            }}
          >
            {t('preferences.sound_try')}
          </button>
        </span>
        {errors.sound_volume && (
          <span className="field-error" role="alert">
            {errors.sound_volume}
          </span>
        )}
      </div>
    </>
  );
}

/** The personal API token: made anew on request and shown once, since only its hash is stored. */
function AccessToken() {
  const { t } = useTranslation();
  const reset = useMutation({ mutationFn: resetAccessToken });
  return (
    <section className="card form" aria-labelledby="access-token-title">
      <h2 id="access-token-title">{t('preferences.token.title')}</h2>
      <p className="muted">{t('preferences.token.intro')}</p>
      {reset.data?.access_token && (
        <div className="one-time" role="status">
          <p>{t('preferences.token.once')}</p>
          <code className="secret">{reset.data.access_token}</code>
        </div>
      )}
      <FormError error={reset.error} fields={[]} />
      <div>
        <button type="button" className="button" disabled={reset.isPending} onClick={() => reset.mutate()}>
          {t('preferences.token.make')}
        </button>
      </div>
    </section>
  );
}
