// The business hours editor's model: Chatwoot's working_hours list <-> one row per weekday, Monday first.

export interface WorkingDay {
  day_of_week: number;
  closed_all_day: boolean;
  open_all_day: boolean;
  open_hour: number;
  open_minutes: number;
  close_hour: number;
  close_minutes: number;
}

export interface HoursFields {
  working_hours_enabled: boolean;
  working_hours: WorkingDay[];
  holidays: string[];
}

/** One row of the editor: open or not, and the times as "HH:MM" (a close before the open runs overnight). */
export interface DayRow {
  day: number;
  open: boolean;
  opens: string;
  closes: string;
}

/** Monday to Sunday, as the rows are shown (Chatwoot counts 0 as Sunday). */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

const two = (n: number) => String(n).padStart(2, '0');

export function rowsOf(days: WorkingDay[] | undefined): DayRow[] {
  return WEEK_ORDER.map((day) => {
    const d = days?.find((x) => x.day_of_week === day);
    if (!d) return { day, open: days === undefined ? day >= 1 && day <= 5 : false, opens: '09:00', closes: '17:00' };
    if (d.open_all_day) return { day, open: true, opens: '00:00', closes: '24:00' };
    return {
      day,
      open: !d.closed_all_day,
      opens: d.closed_all_day ? '09:00' : `${two(d.open_hour)}:${two(d.open_minutes)}`,
      closes: d.closed_all_day ? '17:00' : `${two(d.close_hour)}:${two(d.close_minutes)}`,
    };
  });
}

/** "HH:MM" to hour and minutes; NaN parts are sent as they are so that the server names the field. */
function split(time: string): [number, number] {
  const [h, m] = time.split(':');
  return [Number(h), Number(m)];
}

export function daysOf(rows: DayRow[]): WorkingDay[] {
  return rows.map((r) => {
    if (!r.open) return { day_of_week: r.day, closed_all_day: true, open_all_day: false, open_hour: 0, open_minutes: 0, close_hour: 0, close_minutes: 0 };
    // The time input has no 24:00: 00:00 to 00:00 means the whole day.
    const allDay = (r.opens === '00:00' && (r.closes === '24:00' || r.closes === '00:00'));
    if (allDay) return { day_of_week: r.day, closed_all_day: false, open_all_day: true, open_hour: 0, open_minutes: 0, close_hour: 24, close_minutes: 0 };
    const [oh, om] = split(r.opens);
    const [ch, cm] = split(r.closes === '00:00' ? '24:00' : r.closes);
    return { day_of_week: r.day, closed_all_day: false, open_all_day: false, open_hour: oh, open_minutes: om, close_hour: ch, close_minutes: cm };
  });
}

/** Whether the row runs past midnight (closes before it opens). */
export function overnight(r: DayRow): boolean {
  return r.open && r.closes !== '00:00' && r.closes !== '24:00' && r.closes < r.opens;
}

/** Holidays typed one per line or separated by commas or spaces. */
export function holidaysOf(text: string): string[] {
  return text.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);
}

/** The browser's IANA zones, with UTC and the current zone always among them. */
export function timeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', current, ...known])].sort();
}
