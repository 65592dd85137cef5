import { InputError } from '@backstage/errors';
import { comparePageKeys, decodeCursor, encodeCursor } from './cursor';

describe('page cursors', () => {
  const key = {
    createdAt: 1793750400000,
    host: 'gitlab.example.com',
    projectId: 7,
    iid: 42,
  };

  it('round-trips a page key through an opaque URL-safe string', () => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it('rejects cursors it did not issue', () => {
    expect(() => decodeCursor('nonsense')).toThrow(InputError);
    expect(() =>
      decodeCursor(Buffer.from('[1,2,3]').toString('base64url')),
    ).toThrow(/cursor/);
    expect(() =>
      decodeCursor(Buffer.from('[1.5,"h",7,1]').toString('base64url')),
    ).toThrow(InputError);
  });

  it('orders newest first, then host, project id and iid descending', () => {
    const keys = [
      { ...key, createdAt: 1, iid: 1 },
      { ...key, iid: 1 },
      { ...key, projectId: 8, iid: 1 },
      { ...key, host: 'a.example.com', iid: 9 },
      { ...key, iid: 2 },
    ];
    expect([...keys].sort(comparePageKeys)).toEqual([
      { ...key, projectId: 8, iid: 1 },
      { ...key, iid: 2 },
      { ...key, iid: 1 },
      { ...key, host: 'a.example.com', iid: 9 },
      { ...key, createdAt: 1, iid: 1 },
    ]);
  });
});
