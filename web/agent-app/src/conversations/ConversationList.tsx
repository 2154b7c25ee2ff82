import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LabelChips } from '../actions/LabelsEditor';
import type { Conversation } from '../api/types';
import { formatAge, initials } from '../lib/format';
import { LIST_FILTERS, type ListFilter } from './api';
import { conversationName } from './cache';
import { useBotCount, useConversationList } from './hooks';

const FILTER_LABEL = {
  all: 'inbox.filters.all',
  me: 'inbox.filters.mine',
  unassigned: 'inbox.filters.unassigned',
  bot: 'inbox.filters.bot',
} as const;
const FILTER_COUNT = { all: 'all_count', me: 'mine_count', unassigned: 'unassigned_count' } as const;

interface Props {
  accountId: number;
  filter: ListFilter;
  selectedId: number | undefined;
  onFilterChange: (filter: ListFilter) => void;
}

export function ConversationList({ accountId, filter, selectedId, onFilterChange }: Props) {
  const { t } = useTranslation();
  const query = useConversationList(accountId, filter);
  const meta = query.data?.pages[0]?.data.meta;
  const botCount = useBotCount(accountId);
  // The open tabs' counters come with an open list; the bot tab's from its own query.
  const count = (f: ListFilter) => (f === 'bot' ? botCount : filter === 'bot' ? undefined : meta?.[FILTER_COUNT[f]]);
  const conversations = query.data?.pages.flatMap((p) => p.data.payload) ?? [];

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

  return (
    <nav className="conversation-list" aria-label={t('inbox.title')}>
      <div className="conversation-list__head">
        <h1>{t('inbox.title')}</h1>
        <div className="filters" role="group" aria-label={t('inbox.filters.label')}>
          {LIST_FILTERS.map((f) => (
            <button
              key={f}
              type="button"
              className={`filter${f === 'bot' ? ' filter--bot' : ''}${f === filter ? ' filter--active' : ''}`}
              aria-pressed={f === filter}
              onClick={() => onFilterChange(f)}
            >
              {t(FILTER_LABEL[f])}
              {count(f) !== undefined && <span className="filter__count">{count(f)}</span>}
            </button>
          ))}
        </div>
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
        <p className="list-status muted">{t(filter === 'bot' ? 'inbox.emptyBot' : 'inbox.empty')}</p>
      ) : (
        <ul className="conversation-list__items">
          {conversations.map((c) => (
            <ConversationItem key={c.id} conversation={c} accountId={accountId} selected={c.id === selectedId} />
          ))}
          <li ref={sentinel} className="list-status muted" aria-live="polite">
            {isFetchingNextPage ? t('inbox.loadingMore') : hasNextPage ? '' : t('inbox.end')}
          </li>
        </ul>
      )}
    </nav>
  );
}

function ConversationItem({ conversation: c, accountId, selected }: { conversation: Conversation; accountId: number; selected: boolean }) {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const name = conversationName(c) || t('inbox.visitor', { id: c.meta.sender.id });
  const last = c.messages[c.messages.length - 1];
  const preview = last?.content?.trim() || (last?.attachments?.length ? t('images.preview') : t('inbox.noMessagesYet'));
  return (
    <li>
      <Link
        to={{ pathname: `/accounts/${accountId}/conversations/${c.id}`, search: params.toString() }}
        className={`conversation-item${selected ? ' conversation-item--selected' : ''}${c.unread_count > 0 ? ' conversation-item--unread' : ''}`}
        aria-current={selected ? 'page' : undefined}
      >
        <span className={`avatar avatar--${c.owner}`} aria-hidden="true">
          {initials(name)}
        </span>
        <span className="conversation-item__body">
          <span className="conversation-item__top">
            <span className="conversation-item__name">{name}</span>
            <time className="conversation-item__time" dateTime={new Date(c.last_activity_at * 1000).toISOString()}>
              {formatAge(c.last_activity_at, i18n.language)}
            </time>
          </span>
          <span className="conversation-item__preview">{preview}</span>
          <span className="conversation-item__tags">
            <span className={`chip chip--${c.owner}`}>{t(`conversation.owner.${c.owner}`)}</span>
            {c.meta.assignee && <span className="chip">{c.meta.assignee.available_name || c.meta.assignee.name}</span>}
            <LabelChips labels={c.labels ?? []} />
            {c.unread_count > 0 && (
              <span className="badge" aria-label={t('inbox.unread', { count: c.unread_count })}>
                {c.unread_count}
              </span>
            )}
          </span>
        </span>
      </Link>
    </li>
  );
}
