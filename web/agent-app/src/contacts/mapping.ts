import type { AttributeDefinition } from './api';

export const FIELD_TARGETS = ['name', 'email', 'phone_number', 'identifier', 'labels'] as const;
const ATTRIBUTE = 'custom_attributes.';

/** One choice in a column's target select. */
export interface Target {
  value: string;
  kind: 'ignore' | (typeof FIELD_TARGETS)[number] | 'attribute';
  /** For attributes: the display name (or the key of an attribute without a definition). */
  name?: string;
  label?: string;
  /** Another column already fills it (a field is filled by one column only). */
  taken: boolean;
}

/** The targets a column can have: ignore, the fields, each defined attribute, and free-form attributes already chosen. */
export function importTargets(definitions: AttributeDefinition[], mapping: Record<string, string>): Target[] {
  const used = new Set(Object.values(mapping).filter((v) => v !== 'ignore'));
  const targets: Target[] = [{ value: 'ignore', kind: 'ignore', taken: false }];
  for (const field of FIELD_TARGETS) targets.push({ value: field, kind: field, taken: used.has(field) });
  const defined = new Set<string>();
  for (const d of definitions) {
    const value = ATTRIBUTE + d.attribute_key;
    defined.add(value);
    targets.push({ value, kind: 'attribute', name: d.attribute_display_name, taken: used.has(value) });
  }
  for (const value of new Set(Object.values(mapping))) {
    if (value.startsWith(ATTRIBUTE) && !defined.has(value)) {
      targets.push({ value, kind: 'attribute', name: value.slice(ATTRIBUTE.length), taken: true });
    }
  }
  return targets;
}

/** Rows are matched by e-mail or identifier: without one of them the server refuses the import. */
export function isMatchable(mapping: Record<string, string>): boolean {
  const values = Object.values(mapping);
  return values.includes('email') || values.includes('identifier');
}
