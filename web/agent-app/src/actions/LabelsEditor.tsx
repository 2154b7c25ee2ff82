import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../api/types';
import { ActionError } from './ActionError';
import type { AccountLabel } from './api';
import { useAccountLabels, useSetLabels } from './hooks';
import { addableLabels, withLabel, withoutLabel } from './rules';

/** A label as a chip, in the account label's colour when it has one. */
export function LabelChip({ label, color, onRemove }: { label: string; color?: string | null; onRemove?: () => void }) {
  const { t } = useTranslation();
  return (
    <span className="chip chip--label">
      {color && <span className="label-dot" style={{ background: color }} aria-hidden="true" />}
      {label}
      {onRemove && (
        <button
          type="button"
          className="chip__remove"
          aria-label={t('actions.labels.remove', { label })}
          title={t('actions.labels.remove', { label })}
          onClick={onRemove}
        >
          ×
        </button>
      )}
    </span>
  );
}

/** The labels of a conversation as chips (used in the list items too). */
export function LabelChips({ labels, colors }: { labels: readonly string[]; colors?: ReadonlyMap<string, string | null> }) {
  if (labels.length === 0) return null;
  return (
    <>
      {labels.map((l) => (
        <LabelChip key={l} label={l} color={colors?.get(l)} />
      ))}
    </>
  );
}

export function labelColors(labels: readonly AccountLabel[] | undefined): Map<string, string | null> {
  return new Map((labels ?? []).map((l) => [l.title.toLowerCase(), l.color]));
}

/**
 * The conversation's labels: chips with a remove button, and a list of the account's labels to
 * add one. The server stores the whole list (POST …/labels replaces it).
 */
export function LabelsEditor({ accountId, conversation }: { accountId: number; conversation: Conversation }) {
  const { t } = useTranslation();
  const selectId = useId();
  const account = useAccountLabels(accountId);
  const save = useSetLabels(accountId, conversation.id);
  const [choice, setChoice] = useState('');
  const colors = labelColors(account.data);
  const current = conversation.labels ?? [];
  const addable = addableLabels(account.data ?? [], current);

  return (
    <div className="labels-editor" role="group" aria-label={t('actions.labels.title')}>
      {current.map((l) => (
        <LabelChip key={l} label={l} color={colors.get(l)} onRemove={() => save.mutate(withoutLabel(current, l))} />
      ))}
      {addable.length > 0 && (
        <>
          <label htmlFor={selectId} className="visually-hidden">
            {t('actions.labels.add')}
          </label>
          <select
            id={selectId}
            className="labels-editor__add"
            value={choice}
            disabled={save.isPending}
            onChange={(e) => {
              const title = e.target.value;
              setChoice('');
              if (title) save.mutate(withLabel(current, title));
            }}
          >
            <option value="">{t('actions.labels.addOption')}</option>
            {addable.map((l) => (
              <option key={l.id} value={l.title}>
                {l.title}
              </option>
            ))}
          </select>
        </>
      )}
      {account.isSuccess && account.data.length === 0 && current.length === 0 && (
        <span className="muted labels-editor__none">{t('actions.labels.none')}</span>
      )}
      <ActionError error={save.error} inline />
    </div>
  );
}
