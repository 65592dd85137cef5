import { checkTitle, statusRank, worstStatus } from './healthStatus';

describe('healthStatus', () => {
  it('ranks errors before warnings before ok before skipped', () => {
    const sorted = (['ok', 'skipped', 'error', 'warning'] as const)
      .slice()
      .sort((a, b) => statusRank(a) - statusRank(b));
    expect(sorted).toEqual(['error', 'warning', 'ok', 'skipped']);
  });

  it('finds the worst status, ignoring skipped checks', () => {
    expect(worstStatus(['ok', 'warning', 'skipped'])).toBe('warning');
    expect(worstStatus(['ok', 'error', 'warning'])).toBe('error');
    expect(worstStatus(['skipped'])).toBe('skipped');
    expect(worstStatus([])).toBe('ok');
  });

  it('names known checks and keeps unknown ids', () => {
    expect(checkTitle('token.expiry')).toBe('Token expiry');
    expect(checkTitle('future.check')).toBe('future.check');
  });
});
