import { useTranslation } from 'react-i18next';
import type { Availability } from '../api/types';
import { unlockAlerts } from './alert';
import { useOwnStatus, useSetAvailability } from './hooks';

const CHOICES: Availability[] = ['available', 'away', 'offline'];

/** The agent's routing status in the header: available / away / offline (and rona, set by Baton). */
export function StatusSwitch({ accountId, userId }: { accountId: number; userId: number }) {
  const { t } = useTranslation();
  const { status } = useOwnStatus(accountId, userId);
  const set = useSetAvailability(accountId, userId);

  return (
    <div className={`status-switch status-switch--${status ?? 'unknown'}`}>
      <div className="status-switch__group" role="radiogroup" aria-label={t('status.label')}>
        {CHOICES.map((choice) => (
          <button
            key={choice}
            type="button"
            role="radio"
            aria-checked={status === choice}
            className={`status-choice status-choice--${choice}${status === choice ? ' status-choice--active' : ''}`}
            disabled={set.isPending}
            onClick={() => {
              // A user gesture: the moment browsers let us prepare sound and ask for notifications.
              unlockAlerts();
              if (status !== choice) set.mutate(choice);
            }}
          >
            <span className="status-dot" aria-hidden="true" />
            {t(`status.${choice}`)}
          </button>
        ))}
      </div>
      {status === 'rona' && <span className="chip chip--rona">{t('status.rona')}</span>}
      {set.error && (
        <span className="status-switch__error" role="alert" title={set.error.message}>
          {t('status.failed')}
        </span>
      )}
    </div>
  );
}

/** Red banner while the agent is rona (missed an offer), with one click back to available. */
export function RonaBanner({ accountId, userId }: { accountId: number; userId: number }) {
  const { t } = useTranslation();
  const { status } = useOwnStatus(accountId, userId);
  const set = useSetAvailability(accountId, userId);
  if (status !== 'rona') return null;
  return (
    <div className="rona-banner" role="alert">
      <span>{t('status.ronaBanner')}</span>
      <button
        type="button"
        className="button button--primary"
        disabled={set.isPending}
        onClick={() => {
          unlockAlerts();
          set.mutate('available');
        }}
      >
        {t('status.backToAvailable')}
      </button>
    </div>
  );
}
