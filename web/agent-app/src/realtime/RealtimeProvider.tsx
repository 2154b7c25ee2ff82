import { profileKey } from '../auth/api';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { keys } from '../conversations/api';
import { conversationName, shownConversationIds } from '../conversations/cache';
import { i18n } from '../i18n';
import { beep, messageTone, notify, unlockSound } from '../routing/alert';
import { soundFor } from '../preferences/preferences';
import type { Profile } from '../api/types';
import { playsMessageSound } from './messageSound';
import { NoticeStore } from '../routing/notices';
import { EndedOffers, reasonText } from '../routing/offers';
import { applyEvent, type EventContext } from './applyEvent';
import { RealtimeClient, socketUrl, type ConnectionState } from './client';
import { TypingStore, type TypingSender } from './typing';

interface RealtimeValue {
  state: ConnectionState;
  typing: TypingStore;
  notices: NoticeStore;
}

const RealtimeContext = createContext<RealtimeValue | null>(null);

const COUNTS_DEBOUNCE_MS = 1500;

/** Keeps one event socket open for the signed-in agent and folds its events into the caches. */
export function RealtimeProvider({ accountId, userId, children }: { accountId: number; userId: number; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectionState>('connecting');
  const typing = useMemo(() => new TypingStore(), []);
  const notices = useMemo(() => new NoticeStore(), []);

  useEffect(() => {
    let countsTimer: ReturnType<typeof setTimeout> | undefined;
    const refreshCounts = () => {
      clearTimeout(countsTimer);
      countsTimer = setTimeout(
        () => void queryClient.invalidateQueries({ queryKey: keys.lists(accountId) }),
        COUNTS_DEBOUNCE_MS,
      );
    };
    const t = i18n.t.bind(i18n);
    const ctx: EventContext = {
      queryClient,
      accountId,
      userId,
      typing,
      endedOffers: new EndedOffers(),
      refreshCounts,
      onVisitorMessage: (message, conversation) => {
        const profile = queryClient.getQueryData<Profile>(profileKey);
        if (!profile) return;
        const sound = soundFor(profile, accountId);
        if (playsMessageSound(message, conversation, userId, sound, Date.now() / 1000)) messageTone(sound.sound_volume);
      },
      onOfferCreated: (offer) => {
        beep();
        const name = offer.visitor_name || t('offers.someone');
        notify(
          t('offers.notificationTitle', { name }),
          [t(`offers.kind.${offer.kind}`), offer.inbox?.name, offer.team?.name, offer.reason && reasonText(offer.reason, t)].filter(Boolean).join(' · '),
          `baton-offer-${offer.id}`,
        );
      },
      onOfferGone: (type, data, offer) => {
        if (!offer) return; // a card we never showed
        const name = offer.visitor_name || t('offers.someone');
        if (type === 'offer.expired') notices.show(t('offers.gone.offer_expired', { name }));
        else if (data.reason !== 'declined') notices.show(t('offers.withdrawn', { name }));
      },
      onHandoverFailed: (type, data, conversation) => {
        const args = {
          agent: data.agent_name || t('actions.offer.aColleague'),
          name: (conversation && conversationName(conversation)) || t('offers.someone'),
        };
        const how = data.reason === 'declined' ? 'declined' : 'expired';
        notices.show(t(`actions.failed.${type === 'transfer.failed' ? 'transfer' : 'conference'}.${how}`, args), 'error');
      },
    };

    const client = new RealtimeClient({
      url: socketUrl('/ws'),
      onEvent: (event) => applyEvent(ctx, event),
      onStateChange: setState,
      resumeScope: () => shownConversationIds(queryClient, accountId),
      onReconnect: () => {
        // The resume message replays what the server still has; refetching the lists and the
        // open conversation covers conversations we never saw an event for.
        typing.clear();
        void queryClient.invalidateQueries({ queryKey: ['conversations', accountId] });
      },
      // Signed out everywhere (by an administrator): reading the profile again answers 401 and shows sign-in.
      onSignedOut: () => void queryClient.invalidateQueries({ queryKey: profileKey }),
    });
    client.start();

    const online = () => client.reconnectNow();
    window.addEventListener('online', online);
    // The offer beep needs one user gesture first; any click or key will do.
    const gesture = () => unlockSound();
    window.addEventListener('pointerdown', gesture, { once: true });
    window.addEventListener('keydown', gesture, { once: true });
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('pointerdown', gesture);
      window.removeEventListener('keydown', gesture);
      clearTimeout(countsTimer);
      client.stop();
      typing.clear();
    };
  }, [queryClient, accountId, userId, typing, notices]);

  const value = useMemo(() => ({ state, typing, notices }), [state, typing, notices]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

function useRealtime(): RealtimeValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error('useRealtime outside <RealtimeProvider>');
  return value;
}

export function useConnectionState(): ConnectionState {
  return useRealtime().state;
}

/** Who else is typing in a conversation right now. */
export function useTyping(conversationId: number): TypingSender[] {
  const { typing } = useRealtime();
  return useSyncExternalStore(typing.subscribe, () => typing.get(conversationId));
}

/** Short notices shown as toasts (offer gone, errors). */
export function useNotices(): NoticeStore {
  return useRealtime().notices;
}
