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
