import { Navigate, Route, Routes, useParams } from 'react-router';
import { RequireAuth, useAuth } from './auth/AuthProvider';
import { SignInPage } from './auth/SignInPage';
import { InboxPage } from './conversations/InboxPage';
import { AppShell } from './layout/AppShell';
import { AccountPage } from './admin/AccountPage';
import { AgentsPage } from './admin/AgentsPage';
import { SettingsLayout } from './admin/SettingsLayout';
import { InboxesPage } from './admin/InboxesPage';
import { CannedResponsesPage, LabelsPage, WrapUpReasonsPage } from './admin/SimplePages';
import { StoriesPage } from './admin/StoriesPage';
import { TeamsPage } from './admin/TeamsPage';
import { RealtimeProvider } from './realtime/RealtimeProvider';

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
        <Route path="settings" element={<SettingsLayout />}>
          <Route index element={<Navigate to="account" replace />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="agents" element={<AgentsPage />} />
          <Route path="teams" element={<TeamsPage />} />
          <Route path="inboxes" element={<InboxesPage />} />
          <Route path="stories" element={<StoriesPage />} />
          <Route path="canned_responses" element={<CannedResponsesPage />} />
          <Route path="labels" element={<LabelsPage />} />
          <Route path="wrap_up_reasons" element={<WrapUpReasonsPage />} />
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
