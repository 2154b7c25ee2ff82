import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { contactKeys, fetchContacts, fetchDefinitions, fetchImport, type AttributeDefinition } from './api';

/** The filtered list, page after page by cursor (endless scrolling). */
export function useContactList(accountId: number, query: string) {
  return useInfiniteQuery({
    queryKey: contactKeys.list(accountId, query),
    queryFn: ({ pageParam, signal }) => fetchContacts(accountId, query, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.meta.next_cursor ?? undefined,
  });
}

/** The account's custom attribute definitions (both models); they change rarely. */
export function useDefinitions(accountId: number) {
  const query = useQuery({
    queryKey: contactKeys.definitions(accountId),
    queryFn: ({ signal }) => fetchDefinitions(accountId, signal),
    staleTime: 60_000,
  });
  const all = query.data ?? [];
  return {
    ...query,
    contact: all.filter((d) => d.attribute_model === 'contact_attribute'),
    conversation: all.filter((d) => d.attribute_model === 'conversation_attribute'),
    byKey: (model: AttributeDefinition['attribute_model'], key: string) =>
      all.find((d) => d.attribute_model === model && d.attribute_key === key),
  };
}

/**
 * An import's progress, asked for every second while it runs (docs/adr/0023: polling, not the socket: the job
 * may run on another node, and a second's delay is fine for a progress bar).
 */
export function useImportJob(accountId: number, id: number | null) {
  return useQuery({
    queryKey: contactKeys.importJob(accountId, id ?? 0),
    queryFn: ({ signal }) => fetchImport(accountId, id!, signal),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'completed' || q.state.data.status === 'failed') ? false : 1000),
  });
}

/** Calls {@code onVisible} when the returned element scrolls into view (the list's last row: load more). */
export function useWhenVisible(onVisible: () => void, enabled: boolean) {
  const ref = useRef<HTMLDivElement | null>(null);
  const callback = useRef(onVisible);
  callback.current = onVisible;
  useEffect(() => {
    const element = ref.current;
    if (!element || !enabled || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) callback.current();
    }, { rootMargin: '200px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [enabled]);
  return ref;
}
