import { issueReferences, SCAN_LIMIT } from './issueReferences';

const context = { root: 'https://gitlab.example.com', projectPath: 'shop/web' };

function keys(description: string) {
  const found = issueReferences(description, context);
  const key = (r: { projectPath: string; iid: number }) =>
    `${r.projectPath}#${r.iid}`;
  return { closes: found.closes.map(key), mentions: found.mentions.map(key) };
}

// The default issue_closing_pattern of config/gitlab.yml.example, as
// lib/gitlab/closing_issue_extractor.rb applies it to an MR description.
describe('issueReferences (config/gitlab.yml.example issue_closing_pattern)', () => {
  it.each([
    ['Closes #12', ['shop/web#12']],
    ['closing #12', ['shop/web#12']],
    ['Fixes: #12', ['shop/web#12']],
    ['fix #12', ['shop/web#12']],
    [
      'Resolves #12, #13 and #14',
      ['shop/web#12', 'shop/web#13', 'shop/web#14'],
    ],
    ['Implements issue #12', ['shop/web#12']],
    ['Closes issues #12 and #13', ['shop/web#12', 'shop/web#13']],
    ['Closes group/other#7', ['group/other#7']],
    ['Closes other#7', ['shop/other#7']],
    [
      'Closes https://gitlab.example.com/group/sub/app/-/issues/9',
      ['group/sub/app#9'],
    ],
    ['Closes PAY-12 and #3', ['shop/web#3']],
  ])('%s closes %j', (text, closes) => {
    expect(keys(text).closes).toEqual(closes);
  });

  it('lists the references outside a closing statement as mentions', () => {
    expect(
      keys(
        'Follows #17. Fixes #18, #19 and https://gitlab.example.com/g/p/-/issues/23. See g/p#30',
      ),
    ).toEqual({
      closes: ['shop/web#18', 'shop/web#19', 'g/p#23'],
      mentions: ['shop/web#17', 'g/p#30'],
    });
  });

  it('ignores links to other hosts, merge requests, and # inside words or HTML entities', () => {
    expect(
      keys(
        'Closes https://elsewhere.example.com/g/p/-/issues/3, see !4, a#5 &#39; C#7',
      ),
    ).toEqual({ closes: [], mentions: ['shop/a#5', 'shop/C#7'] });
  });

  it(`reads descriptions up to ${SCAN_LIMIT} characters, in linear time`, () => {
    const long = `${'Fixes #1, '.repeat(20_000)}Closes #99`;
    const found = issueReferences(long, context);
    expect(found.closes.map(r => r.iid)).toEqual([1]);
    expect(issueReferences(null, context)).toEqual({
      closes: [],
      mentions: [],
    });
  });
});
