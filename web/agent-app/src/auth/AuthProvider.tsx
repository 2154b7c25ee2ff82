import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { isUnauthorized } from '../api/http';
import type { Profile } from '../api/types';
import { fetchProfile, profileKey, signOut } from './api';

interface AuthValue {
  profile: Profile;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

/** The signed-in user, or null when there is no session (401). */
export function useProfileQuery() {
  return useQuery<Profile | null>({
    queryKey: profileKey,
    queryFn: async () => {
      try {
        return await fetchProfile();
      } catch (error) {
        if (isUnauthorized(error)) return null;
        throw error;
      }
    },
    staleTime: Infinity,
    retry: 2,
  });
}

/** Renders its children only for a signed-in user; everyone else goes to the sign-in page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const queryClient = useQueryClient();
  const profile = useProfileQuery();

  const doSignOut = useCallback(async () => {
    try {
      await signOut();
    } catch {
      // Even if the server call fails (already expired, offline), forget the session locally.
    }
    queryClient.clear();
    queryClient.setQueryData(profileKey, null);
  }, [queryClient]);

  const value = useMemo(() => (profile.data ? { profile: profile.data, signOut: doSignOut } : null), [profile.data, doSignOut]);

  if (profile.isPending) return <div className="splash">{t('app.loading')}</div>;
  if (value) return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
  if (profile.data === null) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign_in${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return (
    <div className="splash" role="alert">
      <p>{profile.error?.message || t('app.genericError')}</p>
      <button type="button" className="button" onClick={() => void profile.refetch()}>
        {t('app.retry')}
      </button>
    </div>
  );
}

/** The agent's "show the conversations the bot has" preference; a server without the field means yes. */
export function showsBotConversations(profile: Pick<Profile, 'show_bot_conversations'>): boolean {
  return profile.show_bot_conversations !== false;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside <RequireAuth>');
  return value;
}
