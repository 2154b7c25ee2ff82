import { describe, expect, it } from 'vitest';
import { daysOf, holidaysOf, overnight, rowsOf } from './businessHours';

describe('business hours editor model', () => {
  it('shows Monday first and Chatwoot’s default week when none was stored', () => {
    const rows = rowsOf(undefined);
    expect(rows.map((r) => r.day)).toEqual([1, 2, 3, 4, 5, 6, 0]);
    expect(rows.filter((r) => r.open).map((r) => r.day)).toEqual([1, 2, 3, 4, 5]);
  });

  it('round-trips a week with an overnight span, a whole day and a closed day', () => {
    const rows = rowsOf([
      { day_of_week: 5, closed_all_day: false, open_all_day: false, open_hour: 22, open_minutes: 0, close_hour: 2, close_minutes: 30 },
      { day_of_week: 6, closed_all_day: false, open_all_day: true, open_hour: 0, open_minutes: 0, close_hour: 24, close_minutes: 0 },
    ]);
    const friday = rows.find((r) => r.day === 5)!;
    expect(friday).toEqual({ day: 5, open: true, opens: '22:00', closes: '02:30' });
    expect(overnight(friday)).toBe(true);
    const days = daysOf(rows);
    expect(days.find((d) => d.day_of_week === 5)).toMatchObject({ open_hour: 22, close_hour: 2, close_minutes: 30 });
    expect(days.find((d) => d.day_of_week === 6)).toMatchObject({ open_all_day: true });
    expect(days.find((d) => d.day_of_week === 1)).toMatchObject({ closed_all_day: true });
  });

  it('reads a close at midnight as the end of the day', () => {
    expect(daysOf([{ day: 1, open: true, opens: '18:00', closes: '00:00' }])[0]).toMatchObject({ close_hour: 24, close_minutes: 0 });
  });

  it('splits holidays on lines, commas and spaces', () => {
    expect(holidaysOf('2026-12-24\n2026-12-25, 2026-12-26 ')).toEqual(['2026-12-24', '2026-12-25', '2026-12-26']);
  });
});
