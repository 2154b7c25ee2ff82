import { useTranslation } from 'react-i18next';
import type { Candidate } from './rules';

interface Props {
  candidates: Candidate[];
  value: number | undefined;
  onChange: (id: number) => void;
  /** Full agents may be chosen (assigning with override_capacity). */
  allowFull?: boolean;
  loading: boolean;
  error?: string;
}

/** Colleagues as a radio list: status, load against capacity, and why one cannot be chosen now. */
export function AgentPicker({ candidates, value, onChange, allowFull = false, loading, error }: Props) {
  const { t } = useTranslation();
  if (loading) return <p className="muted">{t('app.loading')}</p>;
  if (error)
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  if (candidates.length === 0) return <p className="muted">{t('actions.noColleagues')}</p>;
  return (
    <fieldset className="agent-picker">
      <legend className="visually-hidden">{t('actions.colleagues')}</legend>
      {candidates.map((c) => {
        const disabled = Boolean(c.blocked);
        return (
          <label key={c.id} className={`agent-option${disabled ? ' agent-option--blocked' : ''}`}>
            <input
              type="radio"
              name="agent"
              value={c.id}
              checked={value === c.id}
              disabled={disabled}
              onChange={() => onChange(c.id)}
            />
            <span className={`status-dot status-dot--${c.status}`} aria-hidden="true" />
            <span className="agent-option__name">{c.name}</span>
            <span className="agent-option__status muted">{t(`actions.agentStatus.${c.status}`)}</span>
            <span
              className={`agent-option__load${c.full ? ' agent-option__load--full' : ''}`}
              title={t('actions.loadTitle', { load: c.load, capacity: c.capacity })}
            >
              {t('actions.load', { load: c.load, capacity: c.capacity })}
            </span>
            {c.blocked && <span className="agent-option__why">{t(`actions.blocked.${c.blocked}`)}</span>}
            {!c.blocked && c.full && allowFull && <span className="agent-option__why">{t('actions.blocked.at_capacity')}</span>}
          </label>
        );
      })}
    </fieldset>
  );
}
