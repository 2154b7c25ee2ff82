import { describe, expect, it } from 'vitest';
import { apiQuery, filtersFromParams, hasFilters, NO_FILTERS, paramsFromFilters } from './filters';

const NOW = Date.UTC(2026, 4, 20, 15, 30) / 1000;

describe('contact filters', () => {
  it('round-trips through the address and leaves defaults out', () => {
    const f = { ...NO_FILTERS, q: ' ada ', label: 'vip', attributeKey: 'plan', attributeValue: 'gold', activity: 'never' as const };
    const params = paramsFromFilters(f);
    expect(params).toEqual({ q: 'ada', label: 'vip', attribute: 'plan', value: 'gold', activity: 'never' });
    expect(filtersFromParams(new URLSearchParams(params))).toEqual({ ...f, q: 'ada' });
    expect(paramsFromFilters(NO_FILTERS)).toEqual({});
    expect(hasFilters(NO_FILTERS)).toBe(false);
  });

  it('ignores unknown operators and activity values in the address', () => {
    const f = filtersFromParams(new URLSearchParams('op=like&activity=sometimes'));
    expect(f.attributeOperator).toBe('equal_to');
    expect(f.activity).toBe('any');
  });

  it('builds the API query the list and the export share', () => {
    const query = new URLSearchParams(apiQuery({ ...NO_FILTERS, q: 'ada', label: 'vip', attributeKey: 'seats',
      attributeOperator: 'greater_than', attributeValue: '5', activity: 'active_7' }, NOW));
    expect(query.get('q')).toBe('ada');
    expect(query.get('labels')).toBe('vip');
    expect(query.get('attribute_key')).toBe('seats');
    expect(query.get('attribute_operator')).toBe('greater_than');
    expect(query.get('attribute_value')).toBe('5');
    expect(Number(query.get('last_activity_after'))).toBe(Date.UTC(2026, 4, 13) / 1000);
  });

  it('waits for an attribute value, except for "present"', () => {
    expect(apiQuery({ ...NO_FILTERS, attributeKey: 'plan' }, NOW)).toBe('');
    expect(apiQuery({ ...NO_FILTERS, attributeKey: 'plan', attributeOperator: 'present' }, NOW))
      .toBe('attribute_key=plan&attribute_operator=present');
    expect(apiQuery({ ...NO_FILTERS, activity: 'never' }, NOW)).toBe('activity=never');
    expect(new URLSearchParams(apiQuery({ ...NO_FILTERS, activity: 'inactive_90' }, NOW)).get('last_activity_before'))
      .toBe(String(Date.UTC(2026, 1, 19) / 1000));
  });
});
