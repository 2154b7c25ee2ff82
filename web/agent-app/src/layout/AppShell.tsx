import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate, useParams } from 'react-router';
import { settingsAccess } from '../admin/access';
import { useAuth } from '../auth/AuthProvider';
import { useConnectionState } from '../realtime/RealtimeProvider';
import { Notices } from '../routing/Notices';
import { OfferTray } from '../routing/OfferTray';
import { RonaBanner, StatusSwitch } from '../routing/StatusSwitch';
import { LanguageSelect } from './LanguageSelect';

const navClass = ({ isActive }: { isActive: boolean }) => `topbar__link${isActive ? ' topbar__link--active' : ''}`;

export function AppShell() {
  const { t } = useTranslation();
  const { profile, signOut } = useAuth();
  const state = useConnectionState();
  const navigate = useNavigate();
  const { accountId } = useParams();
  const account = profile.accounts.find((a) => String(a.id) === accountId);
  const accountNumber = Number(accountId);
  const connectionText = t(`header.connection.${state === 'open' ? 'online' : state === 'connecting' ? 'connecting' : 'offline'}`);

  return (
    <div className="shell">
      <header className="topbar">
        <div className="topbar__brand">
          <span className="logo" aria-hidden="true">
            B
          </span>
          <span>{t('app.name')}</span>
          {profile.accounts.length > 1 ? (
            <select
              aria-label={t('header.account')}
              value={accountId}
              onChange={(e) => void navigate(`/accounts/${e.target.value}/conversations`)}
            >
              {profile.accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          ) : (
            account && (
              <span className="topbar__account" title={account.name}>
                {account.name}
              </span>
            )
          )}
        </div>
        <nav className="topbar__nav" aria-label={t('header.navigation')}>
          <NavLink to={`/accounts/${accountNumber}/conversations`} className={navClass}>
            {t('header.conversations')}
          </NavLink>
          <NavLink to={`/accounts/${accountNumber}/contacts`} className={navClass}>
            {t('header.contacts')}
          </NavLink>
          {settingsAccess(account?.role) !== 'none' && (
            <NavLink to={`/accounts/${accountNumber}/reports`} className={navClass}>
              {t('header.reports')}
            </NavLink>
          )}
          {settingsAccess(account?.role) !== 'none' && (
            <NavLink to={`/accounts/${accountNumber}/settings`} className={navClass}>
              {t('header.settings')}
            </NavLink>
          )}
        </nav>
        <div className="topbar__right">
          <StatusSwitch accountId={accountNumber} userId={profile.id} />
          <span className={`connection connection--${state}`} role="status" title={connectionText}>
            <span className="connection__dot" aria-hidden="true" />
            <span className="connection__text">{connectionText}</span>
          </span>
          <LanguageSelect />
          <NavLink
            to={`/accounts/${accountNumber}/preferences`}
            className="topbar__user"
            title={`${profile.email} – ${t('preferences.title')}`}
            aria-label={`${profile.name}: ${t('preferences.title')}`}
          >
            {profile.name}
          </NavLink>
          <button type="button" className="button button--ghost" onClick={() => void signOut()}>
            {t('header.signOut')}
          </button>
        </div>
      </header>
      <RonaBanner accountId={accountNumber} userId={profile.id} />
      <OfferTray accountId={accountNumber} />
      <Outlet />
      <Notices />
    </div>
  );
}
