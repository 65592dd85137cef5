import { weekLabel } from './weekLabel';

describe('weekLabel', () => {
  it('labels an ISO week by its Monday', () => {
    expect(weekLabel('2025-W03')).toBe('Jan 13');
  });

  it('labels a date as it is', () => {
    expect(weekLabel('2025-03-03')).toBe('Mar 3');
  });

  it('keeps what it cannot read', () => {
    expect(weekLabel('sometime')).toBe('sometime');
  });
});
