import { describe, expect, it } from 'vitest';
import type { AttributeDefinition } from './api';
import { importTargets, isMatchable } from './mapping';

const plan: AttributeDefinition = {
  id: 1, attribute_display_name: 'Plan', attribute_display_type: 'list', attribute_description: null, attribute_key: 'plan',
  attribute_values: ['gold'], attribute_model: 'contact_attribute', regex_pattern: null, regex_cue: null,
};

describe('import mapping', () => {
  it('offers ignore, the fields, the defined attributes and the free-form ones already chosen', () => {
    const targets = importTargets([plan], { Name: 'name', Mail: 'email', City: 'custom_attributes.city', X: 'ignore' });
    expect(targets.map((t) => t.value)).toEqual(['ignore', 'name', 'email', 'phone_number', 'identifier', 'labels',
      'custom_attributes.plan', 'custom_attributes.city']);
    expect(targets.find((t) => t.value === 'email')?.taken).toBe(true);
    expect(targets.find((t) => t.value === 'phone_number')?.taken).toBe(false);
    expect(targets.find((t) => t.value === 'custom_attributes.plan')?.name).toBe('Plan');
  });

  it('needs an e-mail or an identifier column', () => {
    expect(isMatchable({ Name: 'name' })).toBe(false);
    expect(isMatchable({ Name: 'name', Id: 'identifier' })).toBe(true);
  });
});
