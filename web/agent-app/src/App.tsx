import { lazy, Suspense, type ComponentType } from 'react';
import { Navigate, Route, Routes, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RequireAuth, useAuth } from './auth/AuthProvider';
import { InvitationPage } from './auth/InvitationPage';
import { SignInPage } from './auth/SignInPage';
import { InboxPage } from './conversations/InboxPage';
import { AppShell } from './layout/AppShell';
import { PreferencesPage } from './preferences/PreferencesPage';
import { ContactPage } from './contacts/ContactPage';
import { ContactsPage } from './contacts/ContactsPage';
import { ImportPage } from './contacts/ImportPage';
import { RealtimeProvider } from './realtime/RealtimeProvider';

/** Reports load their chart library only when opened. */
const ReportsPage = lazy(() => import('./reports/ReportsPage').then((m) => ({ default: m.ReportsPage })));

// The settings area is a separate chunk: agents, who never open it, do not download it.
const admin = () => import('./admin');
const page = (name: keyof Awaited<ReturnType<typeof admin>>) =>
  lazy(async () => ({ default: (await admin())[name] as ComponentType }));
const SettingsLayout = page('SettingsLayout');
const AccountPage = page('AccountPage');
const AgentsPage = page('AgentsPage');
const TeamsPage = page('TeamsPage');
const InboxesPage = page('InboxesPage');
const StoriesPage = page('StoriesPage');
const CannedResponsesPage = page('CannedResponsesPage');
const LabelsPage = page('LabelsPage');
const WrapUpReasonsPage = page('WrapUpReasonsPage');
const CustomAttributesPage = page('CustomAttributesPage');
const WebhooksPage = page('WebhooksPage');
const BotsPage = page('BotsPage');
const SlackPage = page('SlackPage');
const AuditLogPage = page('AuditLogPage');

function SettingsScope() {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<div className="splash">{t('app.loading')}</div>}>
      <SettingsLayout />
    </Suspense>
  );
}

function Home() {
  const { profile } = useAuth();
  return <Navigate to={`/accounts/${profile.account_id}/conversations`} replace />;
}

/** Everything under /accounts/:accountId: only for members; one live socket per account. */
function AccountScope() {
  const { profile } = useAuth();
  const { accountId } = useParams();
  const id = Number(accountId);
  if (!profile.accounts.some((a) => a.id === id)) return <Navigate to="/" replace />;
  return (
    <RealtimeProvider key={id} accountId={id} userId={profile.id}>
      <AppShell />
    </RealtimeProvider>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/sign_in" element={<SignInPage />} />
      <Route path="/invitations/:token" element={<InvitationPage />} />
      <Route
        path="/accounts/:accountId"
        element={
          <RequireAuth>
            <AccountScope />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to="conversations" replace />} />
        <Route path="conversations" element={<InboxPage />} />
        <Route path="conversations/:conversationId" element={<InboxPage />} />
        <Route path="contacts" element={<ContactsPage />} />
        <Route path="contacts/import" element={<ImportPage />} />
        <Route path="contacts/:contactId" element={<ContactPage />} />
        <Route
          path="reports"
          element={
            <Suspense fallback={null}>
              <ReportsPage />
            </Suspense>
          }
        />
        <Route path="preferences" element={<PreferencesPage />} />
        <Route path="settings" element={<SettingsScope />}>
          <Route index element={<Navigate to="account" replace />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="agents" element={<AgentsPage />} />
          <Route path="teams" element={<TeamsPage />} />
          <Route path="inboxes" element={<InboxesPage />} />
          <Route path="stories" element={<StoriesPage />} />
          <Route path="canned_responses" element={<CannedResponsesPage />} />
          <Route path="labels" element={<LabelsPage />} />
          <Route path="wrap_up_reasons" element={<WrapUpReasonsPage />} />
          <Route path="custom_attributes" element={<CustomAttributesPage />} />
          <Route path="webhooks" element={<WebhooksPage />} />
          <Route path="bots" element={<BotsPage />} />
          <Route path="slack" element={<SlackPage />} />
          <Route path="audit_log" element={<AuditLogPage />} />
          <Route path="*" element={<Navigate to="account" replace />} />
        </Route>
      </Route>
      <Route
        path="*"
        element={
          <RequireAuth>
            <Home />
          </RequireAuth>
        }
      />
    </Routes>
  );
}
