import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { cannedKey, fetchCannedResponses, type CannedResponse } from './canned';

/** The account's canned replies, loaded once per minute at most (admins rarely change them). */
export function useCannedResponses(accountId: number) {
  return useQuery({
    queryKey: cannedKey(accountId),
    queryFn: ({ signal }) => fetchCannedResponses(accountId, signal),
    staleTime: 60_000,
  });
}

interface Props {
  id: string;
  options: readonly CannedResponse[];
  active: number;
  onPick: (option: CannedResponse) => void;
  onHover: (index: number) => void;
}

export const cannedOptionId = (listId: string, index: number) => `${listId}-opt-${index}`;

/**
 * The list of canned replies that pops up over the reply box on `/`. Focus stays in the text area
 * (it points here with aria-controls and aria-activedescendant); the options are picked with the
 * keyboard there, or clicked.
 */
export function CannedPicker({ id, options, active, onPick, onHover }: Props) {
  const { t } = useTranslation();
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    list.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  return (
    <ul ref={list} id={id} role="listbox" className="canned-picker" aria-label={t('canned.listLabel')}>
      {options.map((option, index) => (
        <li
          key={option.id}
          id={cannedOptionId(id, index)}
          role="option"
          aria-selected={index === active}
          className={`canned-picker__option${index === active ? ' canned-picker__option--active' : ''}`}
          // mousedown would take the focus from the text area; the click still picks.
          onMouseDown={(e) => e.preventDefault()}
          onMouseEnter={() => onHover(index)}
          onClick={() => onPick(option)}
        >
          <span className="canned-picker__code">/{option.short_code}</span>
          <span className="canned-picker__content">{option.content}</span>
        </li>
      ))}
    </ul>
  );
}
