/** The Contacts screen's filters, kept in the address so that a filtered list can be reloaded and shared. */
export interface ContactFilters {
  q: string;
  label: string;
  attributeKey: string;
  attributeOperator: AttributeOperator;
  attributeValue: string;
  activity: ActivityFilter;
}

export type AttributeOperator = 'equal_to' | 'contains' | 'greater_than' | 'less_than' | 'present';
export const ATTRIBUTE_OPERATORS: AttributeOperator[] = ['equal_to', 'contains', 'greater_than', 'less_than', 'present'];

/** Last activity: any, within the last N days, not for N days, or never. */
export type ActivityFilter = 'any' | 'active_7' | 'active_30' | 'inactive_30' | 'inactive_90' | 'never';
export const ACTIVITY_FILTERS: ActivityFilter[] = ['any', 'active_7', 'active_30', 'inactive_30', 'inactive_90', 'never'];

export const NO_FILTERS: ContactFilters = {
  q: '',
  label: '',
  attributeKey: '',
  attributeOperator: 'equal_to',
  attributeValue: '',
  activity: 'any',
};

const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

export function filtersFromParams(params: URLSearchParams): ContactFilters {
  return {
    q: params.get('q') ?? '',
    label: params.get('label') ?? '',
    attributeKey: params.get('attribute') ?? '',
    attributeOperator: pick(params.get('op'), ATTRIBUTE_OPERATORS, 'equal_to'),
    attributeValue: params.get('value') ?? '',
    activity: pick(params.get('activity'), ACTIVITY_FILTERS, 'any'),
  };
}

/** The screen's own address parameters (short names; defaults left out). */
export function paramsFromFilters(f: ContactFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.q.trim()) out.q = f.q.trim();
  if (f.label) out.label = f.label;
  if (f.attributeKey) {
    out.attribute = f.attributeKey;
    if (f.attributeOperator !== 'equal_to') out.op = f.attributeOperator;
    if (f.attributeValue.trim() && f.attributeOperator !== 'present') out.value = f.attributeValue.trim();
  }
  if (f.activity !== 'any') out.activity = f.activity;
  return out;
}

const DAY = 86_400;

/**
 * The API's query for the filters (the list and its CSV export take the same one). An attribute filter
 * without a value (other than "present") is left out until the value is typed. {@code now} in Unix seconds.
 */
export function apiQuery(f: ContactFilters, now: number): string {
  const params = new URLSearchParams();
  if (f.q.trim()) params.set('q', f.q.trim());
  if (f.label) params.set('labels', f.label);
  if (f.attributeKey && (f.attributeOperator === 'present' || f.attributeValue.trim())) {
    params.set('attribute_key', f.attributeKey);
    params.set('attribute_operator', f.attributeOperator);
    if (f.attributeOperator !== 'present') params.set('attribute_value', f.attributeValue.trim());
  }
  // Whole days, so that the query (and the cache key) stays the same for a day.
  const today = Math.floor(now / DAY) * DAY;
  switch (f.activity) {
    case 'active_7':
      params.set('last_activity_after', String(today - 7 * DAY));
      break;
    case 'active_30':
      params.set('last_activity_after', String(today - 30 * DAY));
      break;
    case 'inactive_30':
      params.set('last_activity_before', String(today - 30 * DAY));
      break;
    case 'inactive_90':
      params.set('last_activity_before', String(today - 90 * DAY));
      break;
    case 'never':
      params.set('activity', 'never');
      break;
    default:
      break;
  }
  return params.toString();
}

export function hasFilters(f: ContactFilters): boolean {
  return Object.keys(paramsFromFilters(f)).length > 0;
}
