import { describe, expect, it } from 'vitest';
import { settingsAccess } from './access';

describe('settingsAccess', () => {
  it('lets administrators edit, supervisors read and keeps agents out', () => {
    expect(settingsAccess('administrator')).toBe('edit');
    expect(settingsAccess('supervisor')).toBe('read');
    expect(settingsAccess('agent')).toBe('none');
    expect(settingsAccess(undefined)).toBe('none');
  });
});
