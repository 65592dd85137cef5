import { DateTime } from 'luxon';
import { isoWeek, weeksOfWindow } from './isoWeek';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).toMillis();

describe('ISO weeks', () => {
  it('names weeks YYYY-Www by ISO week-numbering year, in UTC', () => {
    expect(isoWeek(at('2026-11-02T00:00:00Z'))).toBe('2026-W45'); // a Monday
    expect(isoWeek(at('2026-11-08T23:59:59.999Z'))).toBe('2026-W45'); // its Sunday
    expect(isoWeek(at('2026-11-09T00:00:00Z'))).toBe('2026-W46');
    // 2026-01-01 is a Thursday, so week 1 of 2026 starts on 2025-12-29.
    expect(isoWeek(at('2025-12-29T00:00:00Z'))).toBe('2026-W01');
    // 2027-01-01 is a Friday: it belongs to the last week of 2026, W53.
    expect(isoWeek(at('2027-01-01T12:00:00Z'))).toBe('2026-W53');
  });

  it('lists every week a window overlaps, oldest first', () => {
    // [Wed 2026-11-04, Wed 2026-11-25): W45 (partial), W46, W47, W48 (partial).
    expect(
      weeksOfWindow(at('2026-11-04T00:00:00Z'), at('2026-11-25T00:00:00Z')),
    ).toEqual(['2026-W45', '2026-W46', '2026-W47', '2026-W48']);
  });

  it('leaves out the week that starts at the window end (exclusive)', () => {
    // [Mon 2026-11-02, Mon 2026-11-16): W45 and W46 only.
    expect(
      weeksOfWindow(at('2026-11-02T00:00:00Z'), at('2026-11-16T00:00:00Z')),
    ).toEqual(['2026-W45', '2026-W46']);
  });

  it('crosses the year boundary', () => {
    expect(
      weeksOfWindow(at('2026-12-21T00:00:00Z'), at('2027-01-12T00:00:00Z')),
    ).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
  });

  it('has no weeks in an empty window', () => {
    expect(
      weeksOfWindow(at('2026-11-04T00:00:00Z'), at('2026-11-04T00:00:00Z')),
    ).toEqual([]);
  });
});
