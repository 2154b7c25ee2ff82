import { useTranslation } from 'react-i18next';
import {
  ATTRIBUTE_TYPES,
  contactKeys,
  createDefinition,
  deleteDefinition,
  fetchDefinitions,
  updateDefinition,
  type AttributeDefinition,
  type DefinitionChange,
} from '../contacts/api';
import { ItemsPage } from './ItemsPage';
import { useSettings } from './ui';

type Values = Record<string, string | number | boolean | null>;

/** A definition as the form edits it: the list values one per line. */
type DefinitionRow = Omit<AttributeDefinition, 'attribute_values'> & { attribute_values: string };

/** The form's "one value per line" becomes Chatwoot's attribute_values array. */
export function definitionChange(values: Values): DefinitionChange {
  const change: Record<string, unknown> = { ...values };
  if (typeof values.attribute_values === 'string') {
    change.attribute_values = values.attribute_values.split('\n').map((v) => v.trim()).filter(Boolean);
  }
  for (const key of ['attribute_key', 'attribute_description', 'regex_pattern', 'regex_cue']) {
    if (change[key] === '') change[key] = key === 'attribute_key' ? undefined : null;
  }
  return change as DefinitionChange;
}

/** Settings → Custom attributes: Chatwoot's custom attribute definitions for contacts and conversations. */
export function CustomAttributesPage() {
  const { t } = useTranslation();
  const { accountId } = useSettings();
  return (
    <ItemsPage<DefinitionRow>
      title={t('settings.attributes.title')}
      intro={t('settings.attributes.intro')}
      newLabel={t('settings.attributes.new')}
      empty={t('settings.attributes.empty')}
      missing={t('settings.missing')}
      queryKey={contactKeys.definitionRows(accountId)}
      list={async (a) => (await fetchDefinitions(a)).map((d) => ({ ...d, attribute_values: d.attribute_values.join('\n') }))}
      create={(a, v) => createDefinition(a, definitionChange(v))}
      update={(a, id, v) => updateDefinition(a, id, definitionChange(v))}
      remove={deleteDefinition}
      fields={[
        { name: 'attribute_display_name', label: t('settings.attributes.name'), required: true },
        { name: 'attribute_key', label: t('settings.attributes.key'), hint: t('settings.attributes.keyHint'), fixed: true },
        {
          name: 'attribute_model',
          label: t('settings.attributes.model'),
          kind: 'select',
          fixed: true,
          options: [
            { value: 'contact_attribute', label: t('settings.attributes.models.contact_attribute') },
            { value: 'conversation_attribute', label: t('settings.attributes.models.conversation_attribute') },
          ],
        },
        {
          name: 'attribute_display_type',
          label: t('settings.attributes.type'),
          kind: 'select',
          options: ATTRIBUTE_TYPES.map((type) => ({ value: type, label: t(`settings.attributes.types.${type}`) })),
        },
        { name: 'attribute_values', label: t('settings.attributes.values'), kind: 'textarea', hint: t('settings.attributes.valuesHint') },
        { name: 'attribute_description', label: t('settings.attributes.description'), wide: true },
        { name: 'regex_pattern', label: t('settings.attributes.regex'), hint: t('settings.attributes.regexHint') },
        { name: 'regex_cue', label: t('settings.attributes.regexCue') },
      ]}
      defaults={{
        attribute_display_name: '',
        attribute_key: '',
        attribute_model: 'contact_attribute',
        attribute_display_type: 'text',
        attribute_values: '',
        attribute_description: '',
        regex_pattern: '',
        regex_cue: '',
      }}
      sort={(a, b) => a.attribute_model.localeCompare(b.attribute_model) || a.attribute_display_name.localeCompare(b.attribute_display_name)}
      columns={[
        { header: t('settings.attributes.name'), cell: (d) => <strong>{d.attribute_display_name}</strong> },
        { header: t('settings.attributes.key'), cell: (d) => <code>{d.attribute_key}</code> },
        { header: t('settings.attributes.model'), cell: (d) => t(`settings.attributes.models.${d.attribute_model}`) },
        { header: t('settings.attributes.type'), cell: (d) => t(`settings.attributes.types.${d.attribute_display_type}`) },
      ]}
    />
  );
}
