import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LabelChips } from '../actions/LabelsEditor';
import type { Conversation, ListCounts } from '../api/types';
import { formatAge, initials } from '../lib/format';
import { INBOX_TABS, LIST_FILTERS, TAB_STATUS, type InboxTab, type ListFilter, type ListView } from './api';
import { conversationName } from './cache';
import { conversationCues, msUntilUnanswered, waitedMinutes } from './cues';
import { useConversationList, useCounts, useFollowUps } from './hooks';

const FILTER_COUNT: Record<ListFilter, keyof ListCounts> = {
  all: 'all_count',
  unassigned: 'unassigned_count',
  unread: 'unread_count',
  mine: 'mine_count',
};
const SEARCH_DEBOUNCE_MS = 300;

interface Props {
  accountId: number;
  view: ListView;
  showBot: boolean;
  selectedId: number | undefined;
  onViewChange: (change: Partial<ListView>) => void;
}

export function ConversationList({ accountId, view, showBot, selectedId, onViewChange }: Props) {
  const { t } = useTranslation();
  const followUp = view.tab === 'follow_up';
  const statusQuery = useConversationList(accountId, view, !followUp);
  // Always fetched: its count is on its tab.
  const followUps = useFollowUps(accountId);
  const followUpCount = followUps.data?.pages[0]?.data.meta.count;
  const query = followUp ? followUps : statusQuery;
  const liveCounts = useCounts(accountId, 'open');
  const botCounts = useCounts(accountId, 'pending', showBot);
  // The filters' counters: the tab's own (kept current by the socket's events, unlike a list's first page).
  const meta = useCounts(accountId, TAB_STATUS[view.tab]);
  const tabs = INBOX_TABS.filter((tab) => tab !== 'bot' || showBot);
  // The tabs show how many conversations have unread visitor messages; a closed one reopens when the visitor writes.
  const tabUnread = (tab: InboxTab) =>
    tab === 'live' ? liveCounts?.unread_count : tab === 'bot' ? botCounts?.unread_count : undefined;
  const pages = query.data?.pages as { data: { payload: Conversation[] } }[] | undefined;
  const conversations = useMemo(() => pages?.flatMap((p) => p.data.payload) ?? [], [pages]);
  const searching = view.q.trim() !== '';

  const sentinel = useRef<HTMLLIElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: '200px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const now = useNow(conversations);

  return (
    <nav className="conversation-list" aria-label={t('inbox.title')}>
      <div className="conversation-list__head">
        <h1>{t('inbox.title')}</h1>
        <div className="inbox-tabs" role="tablist" aria-label={t('worklist.tabs.label')}>
          {tabs.map((tab) => {
            const unread = tabUnread(tab);
            return (
              <button
                key={tab}
                type="button"
                role="tab"
                aria-selected={tab === view.tab}
                className={`inbox-tab${tab === view.tab ? ' inbox-tab--active' : ''}`}
                onClick={() => onViewChange({ tab })}
              >
                {tab === 'follow_up' ? t('followUp.tab') : t(`worklist.tabs.${tab}`)}
                {tab === 'follow_up' && followUpCount ? (
                  <span className="inbox-tab__count" aria-label={t('followUp.count', { count: followUpCount })}>
                    {followUpCount}
                  </span>
                ) : null}
                {unread ? (
                  <span className="inbox-tab__unread" aria-label={t('worklist.unreadConversations', { count: unread })}>
                    {unread}
                  </span>
                ) : null}
              </button>
            );
          })}
        </div>
        {followUp ? (
          <p className="follow-up-hint muted">{t('followUp.hint')}</p>
        ) : (
          <>
        <SearchBox value={view.q} onSearch={(q) => onViewChange({ q })} />
        <div className="filters" role="group" aria-label={t('inbox.filters.label')}>
          {LIST_FILTERS.map((f) => {
            const count = meta?.[FILTER_COUNT[f]];
            return (
              <button
                key={f}
                type="button"
                className={`filter${f === view.filter ? ' filter--active' : ''}`}
                aria-pressed={f === view.filter}
                onClick={() => onViewChange({ filter: f })}
              >
                {t(`worklist.filters.${f}`)}
                {count !== undefined && <span className="filter__count">{count}</span>}
              </button>
            );
          })}
        </div>
          </>
        )}
      </div>

      {query.isPending ? (
        <p className="list-status">{t('app.loading')}</p>
      ) : query.isError ? (
        <div className="list-status" role="alert">
          <p>{query.error.message || t('app.genericError')}</p>
          <button type="button" className="button" onClick={() => void query.refetch()}>
            {t('app.retry')}
          </button>
        </div>
      ) : conversations.length === 0 ? (
        <p className="list-status muted">
          {followUp
            ? t('followUp.empty')
            : searching
              ? t('worklist.noMatches', { q: view.q.trim() })
              : t(`worklist.empty.${view.tab}`)}
        </p>
      ) : (
        <ul
          className="conversation-list__items"
          role="tabpanel"
          aria-label={followUp ? t('followUp.tab') : t(`worklist.tabs.${view.tab}`)}
        >
          {conversations.map((c) => (
            <ConversationItem key={c.id} conversation={c} accountId={accountId} selected={c.id === selectedId} now={now} />
          ))}
          <li ref={sentinel} className="list-status muted" aria-live="polite">
            {isFetchingNextPage ? t('inbox.loadingMore') : hasNextPage ? '' : t('inbox.end')}
          </li>
        </ul>
      )}
    </nav>
  );
}

/** The search box: what is typed goes to the address (and so to the server) after a short pause. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const latest = useRef(onSearch);
  latest.current = onSearch;
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => latest.current(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <form className="inbox-search" role="search" onSubmit={(e) => {
        e.preventDefault();
        onSearch(text);
      }}>
      <input
        type="search"
        value={text}
        maxLength={200}
        placeholder={t('worklist.search.placeholder')}
        aria-label={t('worklist.search.label')}
        onChange={(e) => setText(e.target.value)}
      />
    </form>
  );
}

/**
 * The current time, moved on when a waiting conversation crosses the unanswered threshold (and every
 * 30 s for the "waiting for N min" text), so that the cue appears without a reload.
 */
function useNow(conversations: Conversation[]): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const current = Date.now();
    const dues = conversations.map((c) => msUntilUnanswered(c, current)).filter((d): d is number => d !== undefined);
    const waiting = conversations.some((c) => c.status === 'open' && c.waiting_since != null);
    if (!waiting) return;
    const next = Math.min(30_000, ...dues.map((d) => d + 50));
    const timer = setTimeout(() => setNow(Date.now()), next);
    return () => clearTimeout(timer);
  }, [conversations, now]);
  return now;
}

function ConversationItem({
  conversation: c,
  accountId,
  selected,
  now,
}: {
  conversation: Conversation;
  accountId: number;
  selected: boolean;
  now: number;
}) {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const name = conversationName(c) || t('inbox.visitor', { id: c.meta.sender.id });
  const last = c.messages[c.messages.length - 1];
  const preview = last?.content?.trim() || (last?.attachments?.length ? t('images.preview') : t('inbox.noMessagesYet'));
  const cues = conversationCues(c, now);
  const classes = [
    'conversation-item',
    selected && 'conversation-item--selected',
    cues.unread && 'conversation-item--unread',
    cues.unansweredFor !== null && 'conversation-item--unanswered',
  ].filter(Boolean);
  return (
    <li>
      <Link
        to={{ pathname: `/accounts/${accountId}/conversations/${c.id}`, search: params.toString() }}
        className={classes.join(' ')}
        aria-current={selected ? 'page' : undefined}
        data-conversation-id={c.id}
      >
        <span
          className={`avatar avatar--${c.owner}${cues.unansweredFor !== null ? ' avatar--unanswered' : ''}`}
          aria-hidden="true"
        >
          {initials(name)}
          {cues.online && <span className="avatar__presence" title={t('worklist.cues.online')} />}
        </span>
        <span className="conversation-item__body">
          <span className="conversation-item__top">
            <span className="conversation-item__name">{name}</span>
            {c.unread_count > 0 && (
              <span className="badge badge--unread" aria-label={t('inbox.unread', { count: c.unread_count })}>
                {c.unread_count}
              </span>
            )}
            {/* The cues in words, for screen readers: colour is never the only sign. */}
            <span className="visually-hidden">
              {[
                cues.online ? t('worklist.cues.online') : t('worklist.cues.offline'),
                cues.unread ? t('worklist.cues.unread') : null,
              ]
                .filter(Boolean)
                .join(', ')}
            </span>
            <time className="conversation-item__time" dateTime={new Date(c.last_activity_at * 1000).toISOString()}>
              {formatAge(c.last_activity_at, i18n.language)}
            </time>
          </span>
          <span className="conversation-item__preview">{preview}</span>
          <span className="conversation-item__tags">
            <span className={`chip chip--${c.owner}`}>{t(`conversation.owner.${c.owner}`)}</span>
            {cues.unansweredFor !== null && (
              <span className="chip chip--unanswered">
                <span aria-hidden="true">⏱ </span>
                {t('worklist.cues.unanswered', { count: waitedMinutes(cues.unansweredFor) })}
              </span>
            )}
            {c.meta.assignee && <span className="chip">{c.meta.assignee.available_name || c.meta.assignee.name}</span>}
            <LabelChips labels={c.labels ?? []} />
          </span>
        </span>
      </Link>
    </li>
  );
}
