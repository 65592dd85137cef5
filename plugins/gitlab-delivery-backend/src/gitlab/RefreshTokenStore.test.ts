import { DateTime } from 'luxon';
import { OAuthTokenRecord } from '../database/types';
import { captureLogger } from './__testUtils__/captureLogger';
import { fingerprint, RefreshTokenStore } from './RefreshTokenStore';

const HOST = 'gitlab.example.com';
const CONFIGURED = 'configured-refresh-SECRET';
const NOW = '2026-11-25T17:00:00.000Z';

describe('RefreshTokenStore', () => {
  it('saves rotated tokens with the fingerprint of the configured one', async () => {
    const rows = new Map<string, OAuthTokenRecord>();
    const { logger, lines } = captureLogger();
    const tokens = new RefreshTokenStore({
      tokens: {
        canStore: true,
        getOAuthToken: async host => rows.get(host),
        saveOAuthToken: async record => {
          rows.set(record.host, record);
        },
      },
      logger,
      now: () => DateTime.fromISO(NOW, { zone: 'utc' }),
    });
    const hooks = tokens.hooksFor(HOST, CONFIGURED);
    expect(await hooks.loadRefreshToken()).toBeUndefined();

    await hooks.onRefreshTokenRotated('rotated-refresh-SECRET');
    expect(rows.get(HOST)).toEqual({
      host: HOST,
      refreshToken: 'rotated-refresh-SECRET',
      configuredFingerprint: fingerprint(CONFIGURED),
      rotatedAt: NOW,
    });
    expect(fingerprint(CONFIGURED)).toMatch(/^[0-9a-f]{64}$/);
    expect(await hooks.loadRefreshToken()).toBe('rotated-refresh-SECRET');

    // A new token in the configuration does not descend from the saved one.
    const renewed = tokens.hooksFor(HOST, 'new-configured-refresh-SECRET');
    expect(await renewed.loadRefreshToken()).toBeUndefined();
    expect(lines.join('\n')).toContain(
      `The configured OAuth refresh token for ${HOST} is new`,
    );
    expect(lines.join('\n')).not.toContain('SECRET');
  });

  it('logs database failures without the tokens and never throws', async () => {
    const { logger, lines } = captureLogger();
    const tokens = new RefreshTokenStore({
      tokens: {
        canStore: true,
        getOAuthToken: async () => {
          throw new Error(`select failed near '${CONFIGURED}'`);
        },
        saveOAuthToken: async record => {
          throw new Error(
            `insert into t values ('${record.refreshToken}') - disk full`,
          );
        },
      },
      logger,
    });
    const hooks = tokens.hooksFor(HOST, CONFIGURED);
    await expect(hooks.loadRefreshToken()).resolves.toBeUndefined();
    await expect(
      hooks.onRefreshTokenRotated('rotated-refresh-SECRET'),
    ).resolves.toBeUndefined();
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).toContain('disk full');
    expect(lines.join('\n')).not.toContain('SECRET');
  });

  it('stores nothing without an encryption key, and says so once per host', async () => {
    const { logger, lines } = captureLogger();
    const tokens = {
      canStore: false,
      getOAuthToken: jest.fn(async () => undefined),
      saveOAuthToken: jest.fn(async () => {}),
    };
    const hooks = new RefreshTokenStore({ tokens, logger }).hooksFor(
      HOST,
      CONFIGURED,
    );
    await hooks.onRefreshTokenRotated('rotated-refresh-SECRET-1');
    await hooks.onRefreshTokenRotated('rotated-refresh-SECRET-2');
    expect(await hooks.loadRefreshToken()).toBeUndefined();
    expect(tokens.saveOAuthToken).not.toHaveBeenCalled();
    expect(tokens.getOAuthToken).not.toHaveBeenCalled();
    expect(lines).toEqual([
      expect.stringContaining('gitlabDelivery.encryptionKey is not set'),
    ]);
    expect(lines.join('\n')).not.toContain('SECRET');
  });
});
