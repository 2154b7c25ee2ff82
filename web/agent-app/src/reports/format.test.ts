import { describe, expect, it } from 'vitest';
import { reportQuery } from './api';
import { filtersFromParams, formatDuration, formatRate, heatShade, isoDate, paramsFromFilters } from './format';

describe('report formatting', () => {
  it('writes durations the way people read them', () => {
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(37.5)).toBe('38 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(12_000)).toBe('3 h 20 min');
    expect(formatDuration(187_200)).toBe('2 d 4 h');
  });

  it('writes rates as percentages', () => {
    expect(formatRate(null)).toBe('–');
    expect(formatRate(0.5)).toBe('50 %');
    expect(formatRate(0.3333)).toBe('33.3 %');
  });

  it('shades the busiest cell fully and an empty one not at all', () => {
    expect(heatShade(0, 10)).toBe('transparent');
    expect(heatShade(10, 10)).toBe('rgba(37, 99, 235, 1)');
  });
});

describe('report filters', () => {
  it('defaults to the last 7 days in the zone', () => {
    const f = filtersFromParams(new URLSearchParams('timezone=Europe/Zurich'), new Date('2026-12-03T23:30:00Z'));
    expect(f).toEqual({ from: '2026-11-28', to: '2026-12-04', timezone: 'Europe/Zurich', inboxId: '', teamId: '', agentId: '' });
  });

  it('keeps the filters in the address and in the request', () => {
    const f = filtersFromParams(new URLSearchParams('from=2026-01-01&to=2026-01-31&timezone=UTC&team_id=3'));
    expect(paramsFromFilters(f).toString()).toBe('from=2026-01-01&to=2026-01-31&timezone=UTC&team_id=3');
    expect(reportQuery(f, { metric: 'conversations' })).toBe(
      'from=2026-01-01&to=2026-01-31&timezone=UTC&team_id=3&metric=conversations',
    );
  });

  it('reads dates in the zone, not in UTC', () => {
    expect(isoDate(new Date('2026-12-03T23:30:00Z'), 'Europe/Zurich')).toBe('2026-12-04');
    expect(isoDate(new Date('2026-12-03T23:30:00Z'), 'UTC')).toBe('2026-12-03');
  });
});
