import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/http';
import { LanguageSelect } from '../layout/LanguageSelect';
import { profileKey, signIn } from './api';
import { useProfileQuery } from './AuthProvider';

/** Only same-app relative paths are valid redirect targets (no open redirect). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const profile = useProfileQuery();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const emailId = useId();
  const passwordId = useId();

  const mutation = useMutation({
    mutationFn: () => signIn(email.trim(), password),
    onSuccess: (data) => {
      queryClient.setQueryData(profileKey, data);
      void navigate(safeNext(params.get('next')), { replace: true });
    },
  });

  if (profile.data) return <Navigate to={safeNext(params.get('next'))} replace />;

  const error = mutation.error;
  const apiError = error instanceof ApiError ? error : undefined;
  const emailError = apiError?.fieldError('email');
  const passwordError = apiError?.fieldError('password');
  const formError = error && !emailError && !passwordError ? apiError?.problem.detail || t('signIn.failed') : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };

  return (
    <main className="sign-in">
      <form className="sign-in__card" onSubmit={submit} noValidate>
        <div className="sign-in__brand" aria-hidden="true">
          B
        </div>
        <h1>{t('signIn.title')}</h1>
        <p className="muted">{t('signIn.subtitle')}</p>

        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}

        <label htmlFor={emailId}>{t('signIn.email')}</label>
        <input
          id={emailId}
          type="email"
          autoComplete="username"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? `${emailId}-error` : undefined}
        />
        {emailError && (
          <p className="field-error" id={`${emailId}-error`}>
            {emailError}
          </p>
        )}

        <label htmlFor={passwordId}>{t('signIn.password')}</label>
        <input
          id={passwordId}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={passwordError ? `${passwordId}-error` : undefined}
        />
        {passwordError && (
          <p className="field-error" id={`${passwordId}-error`}>
            {passwordError}
          </p>
        )}

        <button className="button button--primary" type="submit" disabled={mutation.isPending || !email || !password}>
          {mutation.isPending ? t('signIn.submitting') : t('signIn.submit')}
        </button>
        <div className="sign-in__footer">
          <LanguageSelect />
        </div>
      </form>
    </main>
  );
}
