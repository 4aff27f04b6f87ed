/** SessionSettings.textOutput: the parsed TimeZone and extra_float_digits follow every change. */
import { describe, expect, it } from 'vitest';
import { SessionSettings } from './session-settings.js';

const zone = (s: SessionSettings) => s.textOutput().timeZone.name;

describe('SessionSettings.textOutput', () => {
  it('is parsed once per settings version', () => {
    const s = new SessionSettings({ TimeZone: 'Europe/Paris', extra_float_digits: '2' });
    const first = s.textOutput();
    expect([zone(s), first.extraFloatDigits]).toEqual(['Europe/Paris', 2]);
    expect(s.textOutput()).toBe(first);
    s.set('application_name', 'x');
    expect(s.textOutput()).not.toBe(first);
  });

  it('follows SET, RESET, SET LOCAL, rollback and ROLLBACK TO', () => {
    const s = new SessionSettings();
    expect([zone(s), s.textOutput().extraFloatDigits]).toEqual(['UTC', 1]);
    s.set('timezone', 'Asia/Tokyo');
    s.set('extra_float_digits', '0');
    expect([zone(s), s.textOutput().extraFloatDigits]).toEqual(['Asia/Tokyo', 0]);
    s.reset('TimeZone');
    expect(zone(s)).toBe('UTC');

    s.beginTransaction();
    s.set('TimeZone', 'America/New_York', true);
    expect(zone(s)).toBe('America/New_York');
    s.endTransaction(true);
    expect(zone(s)).toBe('UTC');

    s.beginTransaction();
    s.set('TimeZone', 'Europe/Berlin');
    expect(zone(s)).toBe('Europe/Berlin');
    s.endTransaction(false);
    expect(zone(s)).toBe('UTC');

    s.beginTransaction();
    const mark = s.savepoint();
    s.set('extra_float_digits', '3');
    expect(s.textOutput().extraFloatDigits).toBe(3);
    s.rollbackTo(mark);
    expect(s.textOutput().extraFloatDigits).toBe(0);
    s.endTransaction(true);
  });
});

describe('TimeZone', () => {
  it('takes an offset as hours or as an interval, shown as PostgreSQL names a fixed offset', () => {
    const s = new SessionSettings();
    s.set('TimeZone', '-3');
    expect(s.get('TimeZone')).toBe('<-03>+03');
    s.set('TimeZone', "INTERVAL '+05:30' HOUR TO MINUTE");
    expect(s.get('TimeZone')).toBe('<+05:30>-05:30');
    expect(s.textOutput().timeZone.offsetAt(0)).toBe(19800);
    s.set('TimeZone', "INTERVAL '5' HOUR");
    expect(s.get('TimeZone')).toBe('<+05>-05');
    s.set('TimeZone', "INTERVAL '-08:00'");
    expect(s.textOutput().timeZone.offsetAt(0)).toBe(-28800);
    s.set('TimeZone', 'UTC+3');
    expect(s.get('TimeZone')).toBe('UTC+3');
  });

  it('refuses an interval with days or months, as PostgreSQL', () => {
    const s = new SessionSettings();
    expect(() => s.set('TimeZone', "INTERVAL '1 day'")).toThrow(
      expect.objectContaining({
        code: '22023',
        fields: { detail: 'Cannot specify days in time zone interval.' },
      }),
    );
    expect(() => s.set('TimeZone', "INTERVAL '1 mon'")).toThrow(
      expect.objectContaining({ fields: { detail: 'Cannot specify months in time zone interval.' } }),
    );
  });
});
