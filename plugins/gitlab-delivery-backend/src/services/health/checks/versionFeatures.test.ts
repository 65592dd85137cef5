import { checksAt } from './checks';
import { parseGitlabVersion, versionCheck } from './versionFeatures';

const check = checksAt('2026-11-25T00:00:00.000Z');

describe('versionCheck', () => {
  it('reads the versions GitLab reports', () => {
    expect(parseGitlabVersion('17.8.0-pre')).toEqual([17, 8]);
    expect(parseGitlabVersion('16.11.3-ee')).toEqual([16, 11]);
    expect(parseGitlabVersion('nightly')).toBeUndefined();
  });

  it('tells which features a version implies', () => {
    expect(versionCheck('17.5.0', check)).toMatchObject({
      status: 'ok',
      message: 'GitLab 17.5.0: every feature the plugin uses is available.',
    });
    expect(versionCheck('16.11.3-ee', check).status).toBe('ok');

    const fifteen = versionCheck('15.9.0', check);
    expect(fifteen.status).toBe('ok');
    expect(fifteen.message).toContain('MergeRequest.closedAt (16.0)');
    expect(fifteen.message).not.toContain('updatedAfter');
    expect(fifteen.remediation).toBeUndefined();

    const ancient = versionCheck('14.10.0', check);
    expect(ancient.status).toBe('warning');
    expect(ancient.message).toContain('personal_access_tokens/self (15.5)');
    expect(ancient.message).toContain('older than GitLab 15.0');
    expect(versionCheck('nightly', check).status).toBe('warning');
  });
});
