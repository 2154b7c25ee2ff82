import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { errorFor, type FieldErrors } from './errors';
import { overnight, type DayRow } from './businessHours';

/** The edited hours: on or off, one row per weekday (Monday first), the holidays as typed. */
export interface HoursDraft {
  enabled: boolean;
  rows: DayRow[];
  holidays: string;
}

/** Opening hours per weekday and holidays; for a team also its time zone (docs/routing.md#business-hours). */
export function BusinessHoursEditor({
  value,
  onChange,
  errors,
  zone,
}: {
  value: HoursDraft;
  onChange: (next: HoursDraft) => void;
  errors: FieldErrors;
  /** The team's time zone control (the account's hours use the account's time zone). */
  zone?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const setRow = (i: number, row: Partial<DayRow>) =>
    onChange({ ...value, rows: value.rows.map((r, j) => (j === i ? { ...r, ...row } : r)) });
  const holidaysError = errorFor(errors, 'holidays') ?? Object.entries(errors).find(([k]) => k.startsWith('holidays['))?.[1];
  return (
    <fieldset className="hours" aria-labelledby={`${id}-title`}>
      <legend id={`${id}-title`} className="field__label">
        {t('settings.hours.title')}
      </legend>
      <label className="field__check">
        <input
          type="checkbox"
          name="working_hours_enabled"
          checked={value.enabled}
          onChange={(e) => onChange({ ...value, enabled: e.target.checked })}
        />
        <span>{t('settings.hours.enabled')}</span>
      </label>
      <p className="field__hint muted">{t('settings.hours.hint')}</p>
      {value.enabled && (
        <>
          {zone}
          <table className="hours__week">
            <tbody>
              {value.rows.map((row, i) => {
                const error = errorFor(errors, `working_hours[${i}]`);
                return (
                  <tr key={row.day}>
                    <th scope="row">
                      <label className="field__check">
                        <input type="checkbox" checked={row.open} onChange={(e) => setRow(i, { open: e.target.checked })} />
                        <span>{t(`settings.hours.day.${row.day}`)}</span>
                      </label>
                    </th>
                    {row.open ? (
                      <>
                        <td>
                          <input
                            type="time"
                            aria-label={t('settings.hours.opens', { day: t(`settings.hours.day.${row.day}`) })}
                            value={row.opens}
                            onChange={(e) => setRow(i, { opens: e.target.value })}
                            aria-invalid={error ? true : undefined}
                          />
                        </td>
                        <td>
                          <input
                            type="time"
                            aria-label={t('settings.hours.closes', { day: t(`settings.hours.day.${row.day}`) })}
                            value={row.closes === '24:00' ? '00:00' : row.closes}
                            onChange={(e) => setRow(i, { closes: e.target.value })}
                            aria-invalid={error ? true : undefined}
                          />
                        </td>
                        <td className="muted">
                          {error ? (
                            <span className="field-error" role="alert">
                              {error}
                            </span>
                          ) : overnight(row) ? (
                            t('settings.hours.overnight')
                          ) : null}
                        </td>
                      </>
                    ) : (
                      <td colSpan={3} className="muted">
                        {t('settings.hours.closed')}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className={`field${holidaysError ? ' field--invalid' : ''}`}>
            <label htmlFor={`${id}-holidays`} className="field__label">
              {t('settings.hours.holidays')}
            </label>
            <textarea
              id={`${id}-holidays`}
              name="holidays"
              rows={3}
              placeholder="2026-12-25"
              value={value.holidays}
              onChange={(e) => onChange({ ...value, holidays: e.target.value })}
              aria-invalid={holidaysError ? true : undefined}
            />
            <span className="field__hint muted">{t('settings.hours.holidaysHint')}</span>
            {holidaysError && (
              <span className="field-error" role="alert">
                {holidaysError}
              </span>
            )}
          </div>
        </>
      )}
    </fieldset>
  );
}
