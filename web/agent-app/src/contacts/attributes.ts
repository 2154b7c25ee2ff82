import type { AttributeDefinition } from './api';

/** A stored value as text for a form field or a table cell. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * What a form field's text becomes in the request: numbers as numbers, checkboxes as booleans, empty as null
 * (which removes the value). The server checks the value again against the definition.
 */
export function valueFromInput(definition: AttributeDefinition | undefined, text: string | boolean): unknown {
  if (typeof text === 'boolean') return text;
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!definition) return trimmed;
  switch (definition.attribute_display_type) {
    case 'number':
    case 'currency':
    case 'percent': {
      const n = Number(trimmed.replace(',', '.'));
      return Number.isFinite(n) ? n : trimmed;
    }
    default:
      return trimmed;
  }
}

/** A value for display: checkboxes in words, dates in the user's language, the rest as text. */
export function displayValue(definition: AttributeDefinition | undefined, value: unknown, locale: string, yes: string, no: string): string {
  if (value === null || value === undefined || value === '') return '';
  switch (definition?.attribute_display_type) {
    case 'checkbox':
      return value === true || value === 'true' ? yes : no;
    case 'date': {
      const text = String(value);
      const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
      return Number.isNaN(date.getTime())
        ? text
        : date.toLocaleDateString(locale, text.length === 10 ? { timeZone: 'UTC' } : undefined);
    }
    case 'percent':
      return `${valueText(value)} %`;
    default:
      return valueText(value);
  }
}

/** The rows to show for a record's attributes: defined ones first (in definition order), then the others. */
export function attributeEntries(
  definitions: AttributeDefinition[],
  values: Record<string, unknown> | null | undefined,
): { key: string; definition?: AttributeDefinition; value: unknown }[] {
  const all = values ?? {};
  const defined = definitions.filter((d) => all[d.attribute_key] !== undefined && all[d.attribute_key] !== null)
    .map((d) => ({ key: d.attribute_key, definition: d, value: all[d.attribute_key] }));
  const keys = new Set(definitions.map((d) => d.attribute_key));
  const others = Object.keys(all)
    .filter((k) => !keys.has(k) && all[k] !== null && valueText(all[k]).trim() !== '')
    .sort()
    .map((k) => ({ key: k, value: all[k] }));
  return [...defined, ...others];
}
