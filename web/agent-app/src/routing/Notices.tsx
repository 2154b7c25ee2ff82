import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotices } from '../realtime/RealtimeProvider';

export function Notices() {
  const { t } = useTranslation();
  const store = useNotices();
  const notices = useSyncExternalStore(store.subscribe, store.get);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice--${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button type="button" className="link-button" aria-label={t('app.dismiss')} onClick={() => store.dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
