import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation, useParams } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { ErrorBoundary } from '../layout/ErrorBoundary';
import { settingsAccess } from './access';
import type { SettingsContext } from './ui';

export const SETTINGS_SECTIONS = ['account', 'agents', 'teams', 'inboxes', 'stories', 'canned', 'labels', 'attributes', 'wrap_up', 'webhooks', 'bots', 'slack', 'audit'] as const;

/** Sections only administrators see (their API answers 403 to supervisors). */
const ADMIN_ONLY: readonly string[] = ['webhooks', 'bots', 'slack', 'audit'];

const paths: Record<(typeof SETTINGS_SECTIONS)[number], string> = {
  account: 'account',
  agents: 'agents',
  teams: 'teams',
  inboxes: 'inboxes',
  stories: 'stories',
  canned: 'canned_responses',
  labels: 'labels',
  attributes: 'custom_attributes',
  wrap_up: 'wrap_up_reasons',
  webhooks: 'webhooks',
  bots: 'bots',
  slack: 'slack',
  audit: 'audit_log',
};

export function SettingsLayout() {
  const { t } = useTranslation();
  const { profile } = useAuth();
  const { accountId } = useParams();
  const location = useLocation();
  const id = Number(accountId);
  const role = profile.accounts.find((a) => a.id === id)?.role ?? '';
  const access = settingsAccess(role);
  if (access === 'none') return <Navigate to={`/accounts/${id}/conversations`} replace />;
  const context: SettingsContext = { accountId: id, canEdit: access === 'edit', role };

  return (
    <div className="settings">
      <nav className="settings__nav" aria-label={t('settings.title')}>
        <h2>{t('settings.title')}</h2>
        {SETTINGS_SECTIONS.filter((s) => context.canEdit || !ADMIN_ONLY.includes(s)).map((s) => (
          <NavLink key={s} to={paths[s]} className={({ isActive }) => `settings__link${isActive ? ' settings__link--active' : ''}`}>
            {t(`settings.nav.${s}`)}
          </NavLink>
        ))}
        {!context.canEdit && <p className="settings__readonly muted">{t('settings.readOnly')}</p>}
      </nav>
      <main className="settings__main">
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
            <Outlet context={context} />
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}
