import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/http';
import { LanguageSelect } from '../layout/LanguageSelect';
import { acceptInvitation, fetchInvitation, profileKey } from './api';
import { useProfileQuery } from './AuthProvider';

/**
 * The link of an invitation e-mail (/app/invitations/:token): who invites to which account, then one way to accept.
 * Signed in as the invitee: one button. A known user: their password (a sign-in). Someone new: a name and a password.
 */
export function InvitationPage() {
  const { t } = useTranslation();
  const token = useParams().token ?? '';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const profile = useProfileQuery();
  const invitation = useQuery({ queryKey: ['invitation', token], queryFn: () => fetchInvitation(token), retry: false });
  const [name, setName] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const nameId = useId();
  const passwordId = useId();

  const accept = useMutation({
    mutationFn: (body: { name?: string; password?: string }) => acceptInvitation(token, body),
    onSuccess: (data) => {
      queryClient.setQueryData(profileKey, data);
      void navigate(`/accounts/${invitation.data!.account_id}/conversations`, { replace: true });
    },
  });

  if (invitation.isPending || profile.isPending) return <div className="splash">{t('invitation.loading')}</div>;
  if (invitation.isError || !invitation.data) {
    return (
      <main className="sign-in">
        <div className="sign-in__card">
          <div className="sign-in__brand" aria-hidden="true">
            B
          </div>
          <p className="form-error" role="alert">
            {t('invitation.invalid')}
          </p>
          <Link className="button button--primary" to="/sign_in">
            {t('invitation.toSignIn')}
          </Link>
        </div>
      </main>
    );
  }

  const i = invitation.data;
  const role = t(`settings.roles.${i.role}`, { defaultValue: i.role });
  const current = profile.data;
  const asInvitee = !!current && current.email.toLowerCase() === i.email.toLowerCase();
  const apiError = accept.error instanceof ApiError ? accept.error : undefined;
  const passwordError = apiError?.fieldError('password');
  const formError = accept.error && !passwordError ? apiError?.problem.detail || t('app.genericError') : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (asInvitee) accept.mutate({});
    else if (i.sign_up) accept.mutate({ name: (name ?? i.name).trim(), password });
    else accept.mutate({ password });
  };

  return (
    <main className="sign-in">
      <form className="sign-in__card" onSubmit={submit} noValidate>
        <div className="sign-in__brand" aria-hidden="true">
          B
        </div>
        <h1>{t('invitation.title', { account: i.account_name })}</h1>
        <p className="muted">
          {i.inviter_name
            ? t('invitation.intro', { inviter: i.inviter_name, account: i.account_name, role })
            : t('invitation.introNoInviter', { account: i.account_name, role })}
        </p>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        {asInvitee ? (
          <p>{t('invitation.signedIn', { email: i.email })}</p>
        ) : (
          <>
            {current && <p className="muted">{t('invitation.otherUser', { current: current.email, email: i.email })}</p>}
            <p>{i.sign_up ? t('invitation.signUp', { email: i.email }) : t('invitation.signIn', { email: i.email })}</p>
            {/* The e-mail is the invitation's: shown for password managers, not editable. */}
            <input type="email" autoComplete="username" value={i.email} readOnly hidden />
            {i.sign_up && (
              <>
                <label htmlFor={nameId}>{t('invitation.name')}</label>
                <input id={nameId} autoComplete="name" required value={name ?? i.name} onChange={(e) => setName(e.target.value)} />
              </>
            )}
            <label htmlFor={passwordId}>{i.sign_up ? t('invitation.newPassword') : t('invitation.password')}</label>
            <input
              id={passwordId}
              type="password"
              autoComplete={i.sign_up ? 'new-password' : 'current-password'}
              required
              autoFocus
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
          </>
        )}
        <button className="button button--primary" type="submit" disabled={accept.isPending || (!asInvitee && !password)}>
          {accept.isPending
            ? t('invitation.submitting')
            : asInvitee
              ? t('invitation.acceptSignedIn', { account: i.account_name })
              : i.sign_up
                ? t('invitation.acceptSignUp')
                : t('invitation.acceptSignIn')}
        </button>
        <div className="sign-in__footer">
          <LanguageSelect />
        </div>
      </form>
    </main>
  );
}
