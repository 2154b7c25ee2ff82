import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { ErrorBoundary } from '../layout/ErrorBoundary';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';

import { LIST_FILTERS, type ListFilter } from './api';

function parseFilter(value: string | null): ListFilter {
  return LIST_FILTERS.find((f) => f === value) ?? 'all';
}

export function InboxPage() {
  const { t } = useTranslation();
  const { accountId, conversationId } = useParams();
  const [params, setParams] = useSearchParams();
  const filter = parseFilter(params.get('assignee'));
  const account = Number(accountId);
  const selected = conversationId ? Number(conversationId) : undefined;

  return (
    <div className={`inbox${selected ? ' inbox--has-selection' : ''}`}>
      <ConversationList
        accountId={account}
        filter={filter}
        selectedId={selected}
        onFilterChange={(f) => setParams(f === 'all' ? {} : { assignee: f }, { replace: true })}
      />
      {selected && Number.isInteger(selected) ? (
        <ErrorBoundary resetKey={selected}>
          <ConversationView key={`${account}:${selected}`} accountId={account} conversationId={selected} />
        </ErrorBoundary>
      ) : (
        <section className="conversation conversation--empty">
          <p className="muted">{t('conversation.choose')}</p>
        </section>
      )}
    </div>
  );
}
