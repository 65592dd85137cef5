import { linesChanged, sizeBucket, sizeBucketOfLines } from './sizeBucket';

describe('size buckets', () => {
  it.each([
    [0, 'XS'],
    [9, 'XS'],
    [10, 'S'],
    [99, 'S'],
    [100, 'M'],
    [499, 'M'],
    [500, 'L'],
    [999, 'L'],
    [1000, 'XL'],
    [250000, 'XL'],
  ])('puts %p lines in %p', (lines, bucket) => {
    expect(sizeBucketOfLines(lines)).toBe(bucket);
  });

  it('counts additions plus deletions', () => {
    expect(linesChanged(6, 4)).toBe(10);
    expect(sizeBucket(6, 4)).toBe('S'); // 6 + 4 = 10, not < 10
    expect(sizeBucket(5, 4)).toBe('XS');
  });

  it('has no bucket without diff stats', () => {
    expect(linesChanged(null, 3)).toBeNull();
    expect(sizeBucket(3, null)).toBeNull();
  });
});
