import { useTranslation } from 'react-i18next';
import type { AttributeDefinition } from './api';
import { valueText } from './attributes';

/** The control for one custom attribute, by its display type (a list as a select, a checkbox as a checkbox…). */
export function AttributeInput({
  definition,
  value,
  onChange,
  id,
  invalid,
}: {
  definition: AttributeDefinition;
  value: unknown;
  onChange: (value: string | boolean) => void;
  id?: string;
  invalid?: boolean;
}) {
  const { t } = useTranslation();
  const text = valueText(value);
  const common = { id, 'aria-invalid': invalid || undefined, title: definition.attribute_description ?? undefined };
  switch (definition.attribute_display_type) {
    case 'checkbox':
      return <input {...common} type="checkbox" checked={value === true || value === 'true'} onChange={(e) => onChange(e.target.checked)} />;
    case 'list':
      return (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('contacts.attributes.none')}</option>
          {definition.attribute_values.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      );
    case 'date':
      return <input {...common} type="date" value={text.slice(0, 10)} onChange={(e) => onChange(e.target.value)} />;
    case 'number':
    case 'currency':
    case 'percent':
      return <input {...common} type="text" inputMode="decimal" value={text} onChange={(e) => onChange(e.target.value)} />;
    case 'link':
      return <input {...common} type="url" placeholder="https://" value={text} onChange={(e) => onChange(e.target.value)} />;
    default:
      return (
        <input
          {...common}
          type="text"
          value={text}
          pattern={undefined}
          placeholder={definition.regex_cue ?? undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}
