import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from '../i18n/languages';
import { adminKeys, fetchAccount, patchAccount, type Account } from './api';
import { BusinessHoursEditor, type HoursDraft } from './BusinessHoursEditor';
import { daysOf, holidaysOf, rowsOf, timeZones } from './businessHours';
import { Field, FormActions, FormError, Loading, PageHead, fromNumber, toNumber, useSave, useSettings } from './ui';

const FIELDS = ['name', 'locale', 'time_zone', 'escalation_label', 'max_message_length', 'licence_seats', 'wrap_up_required', 'working_hours', 'holidays'];


export function AccountPage() {
  const { t } = useTranslation();
  const { accountId, canEdit } = useSettings();
  const query = useQuery({ queryKey: adminKeys.account(accountId), queryFn: () => fetchAccount(accountId) });
  return (
    <section className="settings-page">
      <PageHead title={t('settings.account.title')} intro={t('settings.account.intro')} />
      <Loading query={query} />
      {query.data && <AccountForm key={query.data.id} account={query.data} canEdit={canEdit} />}
    </section>
  );
}

function AccountForm({ account, canEdit }: { account: Account; canEdit: boolean }) {
  const { t } = useTranslation();
  const [name, setName] = useState(account.name);
  const [locale, setLocale] = useState(account.locale || 'en');
  const [timeZone, setTimeZone] = useState(account.time_zone || 'UTC');
  const [escalationLabel, setEscalationLabel] = useState(account.escalation_label || 'escalated');
  const [maxLength, setMaxLength] = useState(fromNumber(account.max_message_length));
  const [wrapUp, setWrapUp] = useState(!!account.wrap_up_required);
  const [seatCount, setSeatCount] = useState(fromNumber(account.licence_seats));
  const [hours, setHours] = useState<HoursDraft>({
    enabled: !!account.working_hours_enabled,
    rows: rowsOf(account.working_hours),
    holidays: (account.holidays ?? []).join('\n'),
  });
  const [saved, setSaved] = useState(false);
  const save = useSave(
    (body: Partial<Account>) => patchAccount(account.id, body),
    [adminKeys.account(account.id), ['account', account.id]],
    () => setSaved(true),
  );
  useEffect(() => setSaved(false), [name, locale, timeZone, escalationLabel, maxLength, seatCount, wrapUp, hours]);
  const errors = save.fieldErrors;
  const seats = account.licence_seats;

  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          name,
          locale,
          time_zone: timeZone,
          escalation_label: escalationLabel,
          max_message_length: toNumber(maxLength),
          ...(seatCount === '' ? {} : { licence_seats: toNumber(seatCount) }),
          wrap_up_required: wrapUp,
          working_hours_enabled: hours.enabled,
          working_hours: daysOf(hours.rows),
          holidays: holidaysOf(hours.holidays),
        });
      }}
    >
      <fieldset disabled={!canEdit}>
        <Field label={t('settings.account.name')} name="name" errors={errors}>
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <Field label={t('settings.account.locale')} name="locale" errors={errors}>
          <select value={locale} onChange={(e) => setLocale(e.target.value)}>
            {SUPPORTED_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('settings.account.timeZone')}
          name="time_zone"
          errors={errors}
          hint={t('settings.account.timeZoneHint')}
        >
          <select value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {timeZones(account.time_zone || 'UTC').map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('settings.account.escalationLabel')}
          name="escalation_label"
          errors={errors}
          hint={t('settings.account.escalationLabelHint')}
        >
          <input value={escalationLabel} maxLength={100} onChange={(e) => setEscalationLabel(e.target.value)} />
        </Field>
        <Field
          label={t('settings.account.maxMessageLength')}
          name="max_message_length"
          errors={errors}
          hint={t('settings.account.maxMessageLengthHint')}
        >
          <input type="number" min={1} value={maxLength} onChange={(e) => setMaxLength(e.target.value)} />
        </Field>
        <Field label={t('settings.account.wrapUpRequired')} name="wrap_up_required" errors={errors} inline>
          <input type="checkbox" checked={wrapUp} onChange={(e) => setWrapUp(e.target.checked)} />
        </Field>
        <Field
          label={t('settings.account.seats')}
          name="licence_seats"
          errors={errors}
          hint={
            (seats == null
              ? t('settings.agents.seatsUnlimited', { used: account.licences_used })
              : t('settings.agents.seats', { used: account.licences_used, total: seats })) +
            (account.max_licence_seats == null ? '' : ' · ' + t('settings.account.seatsMax', { max: account.max_licence_seats }))
          }
        >
          <input
            type="number"
            min={account.licences_used}
            max={account.max_licence_seats ?? undefined}
            value={seatCount}
            onChange={(e) => setSeatCount(e.target.value)}
          />
        </Field>
        <BusinessHoursEditor value={hours} onChange={setHours} errors={errors} />
        <FormError error={save.error} fields={FIELDS} />
        {canEdit && <FormActions pending={save.isPending} saved={saved && save.isSuccess} />}
      </fieldset>
    </form>
  );
}
