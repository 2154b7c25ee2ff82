import { useTranslation } from 'react-i18next';
import type { WrapUpReason } from '../api/types';
import {
  adminKeys,
  createCanned,
  createLabel,
  createWrapUpReason,
  deleteCanned,
  deleteLabel,
  fetchCanned,
  fetchLabels,
  fetchWrapUpReasonsAdmin,
  patchCanned,
  patchLabel,
  patchWrapUpReason,
  type CannedResponse,
  type Label,
} from './api';
import { ItemsPage } from './ItemsPage';
import { useSettings } from './ui';

export function WrapUpReasonsPage() {
  const { t } = useTranslation();
  const { accountId } = useSettings();
  return (
    <ItemsPage<WrapUpReason>
      title={t('settings.wrapUp.title')}
      intro={t('settings.wrapUp.intro')}
      newLabel={t('settings.wrapUp.new')}
      empty={t('settings.wrapUp.empty')}
      missing={t('settings.missing')}
      queryKey={adminKeys.wrapUp(accountId)}
      list={fetchWrapUpReasonsAdmin}
      create={(a, v) => createWrapUpReason(a, v as Partial<WrapUpReason>)}
      update={(a, id, v) => patchWrapUpReason(a, id, v as Partial<WrapUpReason>)}
      fields={[
        { name: 'name', label: t('settings.wrapUp.name'), required: true },
        { name: 'position', label: t('settings.wrapUp.position'), kind: 'number', hint: t('settings.wrapUp.positionHint') },
        { name: 'active', label: t('settings.wrapUp.active'), kind: 'checkbox', hint: t('settings.wrapUp.activeHint') },
      ]}
      defaults={{ name: '', position: '', active: true }}
      sort={(a, b) => (a.position ?? 0) - (b.position ?? 0) || a.id - b.id}
      columns={[
        { header: t('settings.wrapUp.position'), cell: (r) => r.position ?? '–' },
        { header: t('settings.wrapUp.name'), cell: (r) => <strong>{r.name}</strong> },
        {
          header: t('settings.wrapUp.active'),
          cell: (r) =>
            r.active ? (
              <span className="chip chip--published">{t('settings.wrapUp.isActive')}</span>
            ) : (
              <span className="chip chip--inactive">{t('settings.wrapUp.retired')}</span>
            ),
        },
      ]}
    />
  );
}

export function CannedResponsesPage() {
  const { t } = useTranslation();
  const { accountId } = useSettings();
  return (
    <ItemsPage<CannedResponse>
      title={t('settings.canned.title')}
      intro={t('settings.canned.intro')}
      newLabel={t('settings.canned.new')}
      empty={t('settings.canned.empty')}
      missing={t('settings.missing')}
      queryKey={adminKeys.canned(accountId)}
      list={fetchCanned}
      create={(a, v) => createCanned(a, v as Omit<CannedResponse, 'id'>)}
      update={(a, id, v) => patchCanned(a, id, v as Omit<CannedResponse, 'id'>)}
      remove={deleteCanned}
      fields={[
        { name: 'short_code', label: t('settings.canned.shortCode'), required: true, hint: t('settings.canned.shortCodeHint') },
        { name: 'content', label: t('settings.canned.content'), kind: 'textarea', required: true, wide: true },
      ]}
      defaults={{ short_code: '', content: '' }}
      sort={(a, b) => a.short_code.localeCompare(b.short_code)}
      columns={[
        { header: t('settings.canned.shortCode'), cell: (c) => <code>/{c.short_code}</code> },
        { header: t('settings.canned.content'), cell: (c) => <span className="muted">{c.content}</span> },
      ]}
    />
  );
}

export function LabelsPage() {
  const { t } = useTranslation();
  const { accountId } = useSettings();
  return (
    <ItemsPage<Label>
      title={t('settings.labels.title')}
      intro={t('settings.labels.intro')}
      newLabel={t('settings.labels.new')}
      empty={t('settings.labels.empty')}
      missing={t('settings.missing')}
      queryKey={adminKeys.labels(accountId)}
      list={fetchLabels}
      create={(a, v) => createLabel(a, v as Omit<Label, 'id'>)}
      update={(a, id, v) => patchLabel(a, id, v as Omit<Label, 'id'>)}
      remove={deleteLabel}
      fields={[
        { name: 'title', label: t('settings.labels.name'), required: true, hint: t('settings.labels.nameHint') },
        { name: 'color', label: t('settings.labels.color'), kind: 'color' },
        { name: 'description', label: t('settings.labels.description'), wide: true },
        { name: 'show_on_sidebar', label: t('settings.labels.showOnSidebar'), kind: 'checkbox' },
      ]}
      defaults={{ title: '', color: '#2f5bea', description: '', show_on_sidebar: true }}
      sort={(a, b) => a.title.localeCompare(b.title)}
      columns={[
        {
          header: t('settings.labels.name'),
          cell: (l) => (
            <span className="chip chip--label-admin">
              <span className="color-dot" style={{ background: l.color }} aria-hidden="true" />
              {l.title}
            </span>
          ),
        },
        { header: t('settings.labels.description'), cell: (l) => <span className="muted">{l.description || '–'}</span> },
      ]}
    />
  );
}
