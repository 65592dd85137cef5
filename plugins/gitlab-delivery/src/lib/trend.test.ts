import { computeTrend } from './trend';

describe('computeTrend', () => {
  it('calls a shorter duration faster, pointing down in green', () => {
    expect(
      computeTrend({
        current: 80,
        previous: 100,
        kind: 'duration',
        windowDays: 30,
      }),
    ).toEqual({
      direction: 'down',
      sentiment: 'better',
      percent: 20,
      text: '20% faster',
      label: '20% faster than the previous 30 days',
    });
  });

  it('calls a longer duration slower, pointing up in red', () => {
    expect(
      computeTrend({
        current: 150,
        previous: 100,
        kind: 'duration',
        windowDays: 7,
      }),
    ).toMatchObject({
      direction: 'up',
      sentiment: 'worse',
      text: '50% slower',
      label: '50% slower than the previous 7 days',
    });
  });

  it('calls a higher throughput better, pointing up', () => {
    expect(
      computeTrend({
        current: 12,
        previous: 10,
        kind: 'count',
        windowDays: 90,
      }),
    ).toMatchObject({
      direction: 'up',
      sentiment: 'better',
      label: '20% more than the previous 90 days',
    });
  });

  it('calls a lower throughput worse, pointing down', () => {
    expect(
      computeTrend({ current: 5, previous: 10, kind: 'count', windowDays: 30 }),
    ).toMatchObject({
      direction: 'down',
      sentiment: 'worse',
      label: '50% fewer than the previous 30 days',
    });
  });

  it('tells a rise of 100% or more as a multiple, not a percentage', () => {
    // A median of 48 minutes before and 11h 35m now: not "↑ 1348%".
    expect(
      computeTrend({
        current: 11 * 3600 + 35 * 60,
        previous: 48 * 60,
        kind: 'duration',
        windowDays: 30,
      }),
    ).toMatchObject({
      direction: 'up',
      sentiment: 'worse',
      percent: 1348,
      text: '14× slower',
      label: '14 times slower than the previous 30 days',
    });
    expect(
      computeTrend({ current: 20, previous: 10, kind: 'count', windowDays: 7 }),
    ).toMatchObject({
      direction: 'up',
      sentiment: 'better',
      text: '2× more',
      label: '2 times more than the previous 7 days',
    });
    expect(
      computeTrend({
        current: 274,
        previous: 100,
        kind: 'duration',
        windowDays: 30,
      }),
    ).toMatchObject({
      text: '2.7× slower',
      label: expect.stringMatching(/^2.7 times slower/),
    });
    expect(
      computeTrend({
        current: 199,
        previous: 100,
        kind: 'duration',
        windowDays: 30,
      }),
    ).toMatchObject({ text: '99% slower' });
  });

  it('keeps falls as percentages, which stay under 100%', () => {
    expect(
      computeTrend({
        current: 5,
        previous: 100,
        kind: 'duration',
        windowDays: 30,
      }),
    ).toMatchObject({
      direction: 'down',
      sentiment: 'better',
      text: '95% faster',
    });
  });

  it('names the previous value when given a formatter', () => {
    expect(
      computeTrend({
        current: 11 * 3600,
        previous: 45 * 60,
        kind: 'duration',
        windowDays: 30,
        format: seconds => `${Math.round(seconds / 60)}m`,
      }),
    ).toMatchObject({
      text: '15× slower',
      previousText: '45m',
      label: '15 times slower than the previous 30 days (previously 45m)',
    });
    expect(
      computeTrend({
        current: 30,
        previous: 30,
        kind: 'count',
        windowDays: 30,
        format: String,
      }),
    ).toMatchObject({
      direction: 'flat',
      text: 'no change',
      label: 'About the same as the previous 30 days (previously 30)',
    });
  });

  it('is flat for changes under one percent', () => {
    expect(
      computeTrend({
        current: 1000,
        previous: 1005,
        kind: 'duration',
        windowDays: 30,
      }),
    ).toMatchObject({ direction: 'flat', sentiment: 'neutral' });
  });

  it('has no trend without a previous value', () => {
    expect(
      computeTrend({
        current: 10,
        previous: null,
        kind: 'duration',
        windowDays: 30,
      }),
    ).toBeUndefined();
    expect(
      computeTrend({ current: 10, previous: 0, kind: 'count', windowDays: 30 }),
    ).toBeUndefined();
    expect(
      computeTrend({
        current: null,
        previous: 10,
        kind: 'duration',
        windowDays: 30,
      }),
    ).toBeUndefined();
  });
});
