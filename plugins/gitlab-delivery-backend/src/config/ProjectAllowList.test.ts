import { ProjectAllowList } from './ProjectAllowList';

const HOST = 'gitlab.example.com';

describe('ProjectAllowList', () => {
  const allowList = new ProjectAllowList(
    new Map([
      [HOST, { patterns: ['platform/**', 'team/service'], ids: [1234] }],
    ]),
  );
  const allows = (
    key: string,
    extra: { path?: string; projectId?: number } = {},
  ) => allowList.allows({ host: HOST, key, ...extra });

  it('allows every project of an instance without an allow-list', () => {
    expect(
      allowList.allows({ host: 'gitlab.com', key: 'finance/payroll' }),
    ).toBe(true);
    expect(allowList.listOf('gitlab.com')).toBeUndefined();
  });

  it('matches path globs in any case, and numeric ids', () => {
    expect(allows('platform/payments/api')).toBe(true);
    expect(allows('Platform/Payments')).toBe(true);
    expect(allows('team/service')).toBe(true);
    expect(allows('team/service-two')).toBe(false);
    expect(allows('finance/payroll')).toBe(false);
    expect(allows('#1234')).toBe(true);
    expect(allows('#99')).toBe(false);
    expect(allows('finance/payroll', { projectId: 1234 })).toBe(true);
  });

  it('judges a resolved project by its canonical path', () => {
    expect(allows('platform/old', { path: 'finance/old', projectId: 7 })).toBe(
      false,
    );
    expect(allows('#7', { path: 'platform/new', projectId: 7 })).toBe(true);
  });

  it('never matches paths with empty, . or .. segments', () => {
    expect(allows('platform/../finance/payroll')).toBe(false);
    expect(allows('platform/./x')).toBe(false);
    expect(allows('platform//x')).toBe(false);
  });

  it('names the setting when it refuses', () => {
    expect(allowList.refusal({ host: HOST, key: 'finance/payroll' })).toContain(
      'finance/payroll on gitlab.example.com is not in gitlabDelivery.instances[].projects.allow',
    );
    expect(allowList.refusal({ host: HOST, key: '#99' })).toContain(
      'allowed only by its id',
    );
  });

  it('allows nothing with an empty list', () => {
    const empty = new ProjectAllowList(
      new Map([[HOST, { patterns: [], ids: [] }]]),
    );
    expect(empty.allows({ host: HOST, key: 'platform/x' })).toBe(false);
  });
});
