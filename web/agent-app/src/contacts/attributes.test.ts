import { describe, expect, it } from 'vitest';
import type { AttributeDefinition } from './api';
import { attributeEntries, displayValue, valueFromInput } from './attributes';

const def = (key: string, type: AttributeDefinition['attribute_display_type']): AttributeDefinition => ({
  id: 1, attribute_display_name: key, attribute_display_type: type, attribute_description: null, attribute_key: key,
  attribute_values: [], attribute_model: 'contact_attribute', regex_pattern: null, regex_cue: null,
});

describe('custom attribute values', () => {
  it('sends numbers as numbers, empty as null (removal) and checkboxes as booleans', () => {
    expect(valueFromInput(def('seats', 'number'), ' 12,5 ')).toBe(12.5);
    expect(valueFromInput(def('seats', 'number'), 'many')).toBe('many');
    expect(valueFromInput(def('plan', 'list'), '')).toBeNull();
    expect(valueFromInput(def('vip', 'checkbox'), true)).toBe(true);
    expect(valueFromInput(undefined, ' free ')).toBe('free');
  });

  it('shows checkboxes in words and dates in the user language', () => {
    expect(displayValue(def('vip', 'checkbox'), true, 'en', 'Yes', 'No')).toBe('Yes');
    expect(displayValue(def('renewal', 'date'), '2027-01-31', 'de', 'Ja', 'Nein')).toBe('31.1.2027');
    expect(displayValue(def('share', 'percent'), 20, 'en', 'Yes', 'No')).toBe('20 %');
  });

  it('lists defined attributes first, then the free-form ones by key', () => {
    const rows = attributeEntries([def('plan', 'list'), def('seats', 'number')], { zeta: 'z', seats: 3, alpha: 'a', plan: null });
    expect(rows.map((r) => r.key)).toEqual(['seats', 'alpha', 'zeta']);
  });
});
