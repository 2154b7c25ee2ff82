import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../admin/ui';
import { useAuth } from '../auth/AuthProvider';
import { profileKey, uploadAvatar } from '../auth/api';
import './avatar.css';

const ACCEPT = 'image/png,image/jpeg,image/gif';

/** One's picture: an image file, previewed before it is sent; the server checks it by content and makes it 256×256. */
export function AvatarUpload() {
  const { t } = useTranslation();
  const { profile } = useAuth();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<string>();
  useEffect(() => {
    if (!file) return setPreview(undefined);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  const upload = useMutation({
    mutationFn: (f: File) => uploadAvatar(f),
    onSuccess: (updated) => {
      queryClient.setQueryData(profileKey, updated);
      setFile(undefined);
    },
  });
  const shown = preview ?? profile.avatar_url ?? undefined;
  return (
    <section className="card form" aria-labelledby="avatar-title">
      <h2 id="avatar-title">{t('preferences.avatar.title')}</h2>
      <p className="muted">{t('preferences.avatar.intro')}</p>
      <div className="avatar-upload">
        {shown ? (
          <img className="avatar-upload__preview" src={shown} alt={t('preferences.avatar.preview')} width={96} height={96} />
        ) : (
          <span className="avatar-upload__preview avatar-upload__preview--empty" aria-hidden="true" />
        )}
        <div className="field">
          <label className="field__label" htmlFor={inputId}>
            {t('preferences.avatar.choose')}
          </label>
          <input
            id={inputId}
            type="file"
            accept={ACCEPT}
            onChange={(e) => {
              upload.reset();
              setFile(e.target.files?.[0]);
            }}
          />
        </div>
      </div>
      <FormError error={upload.error} fields={['avatar']} />
      {upload.isSuccess && (
        <p className="muted" role="status">
          {t('preferences.avatar.saved')}
        </p>
      )}
      <div>
        <button type="button" className="button" disabled={!file || upload.isPending} onClick={() => file && upload.mutate(file)}>
          {t('preferences.avatar.upload')}
        </button>
      </div>
    </section>
  );
}
