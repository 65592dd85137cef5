/** Word pools for the generator. */

export const FIRST_NAMES = [
  'Alice',
  'Bilal',
  'Chen',
  'Dana',
  'Emeka',
  'Fatima',
  'Gustavo',
  'Hana',
  'Ivan',
  'Jonas',
  'Keiko',
  'Lars',
  'Maya',
  'Nikhil',
  'Olga',
  'Priya',
  'Quentin',
  'Rosa',
  'Samir',
  'Tomás',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Aarav',
  'Beatriz',
  'Caleb',
  'Dmitri',
];

export const LAST_NAMES = [
  'Nguyen',
  'Okafor',
  'Schmidt',
  'Kowalski',
  'Haddad',
  'Silva',
  'Tanaka',
  'Johansson',
  'Patel',
  'Moreau',
  'García',
  'Ivanova',
  'Brennan',
  'Costa',
  'Fischer',
  'Larsen',
  'Mensah',
  'Rossi',
  'Yilmaz',
  'Zhang',
  'Andersen',
  'Kim',
  'Novak',
  'Alvarez',
  'Dubois',
  'Hughes',
  'Sato',
  'Weber',
];

/** Groups, subgroups and projects: [group path, group name, Jira key, project names, stack]. */
export const TEAMS: Array<{
  group: string;
  name: string;
  jira: string;
  projects: string[];
  stack: 'backend' | 'frontend' | 'mobile' | 'data' | 'infra';
}> = [
  {
    group: 'platform/payments',
    name: 'Payments',
    jira: 'PAY',
    projects: ['payments-api', 'ledger-service', 'fraud-rules'],
    stack: 'backend',
  },
  {
    group: 'platform/identity',
    name: 'Identity',
    jira: 'IDN',
    projects: ['auth-service', 'user-profile-api'],
    stack: 'backend',
  },
  {
    group: 'web',
    name: 'Web',
    jira: 'WEB',
    projects: ['storefront', 'design-system', 'admin-console'],
    stack: 'frontend',
  },
  {
    group: 'mobile',
    name: 'Mobile',
    jira: 'MOB',
    projects: ['ios-app', 'android-app'],
    stack: 'mobile',
  },
  {
    group: 'data/pipelines',
    name: 'Pipelines',
    jira: 'DATA',
    projects: ['events-ingest', 'warehouse-models'],
    stack: 'data',
  },
  {
    group: 'data/ml',
    name: 'Machine Learning',
    jira: 'ML',
    projects: ['recommendations'],
    stack: 'data',
  },
  {
    group: 'platform/infra',
    name: 'Infrastructure',
    jira: 'INFRA',
    projects: ['terraform-modules', 'k8s-charts'],
    stack: 'infra',
  },
  {
    group: 'tools',
    name: 'Tools',
    jira: 'TOOL',
    projects: ['release-tools', 'ci-templates'],
    stack: 'infra',
  },
];

/** Display names of top-level groups. */
export const TOP_GROUP_NAMES: Record<string, string> = {
  platform: 'Platform',
  web: 'Web',
  mobile: 'Mobile',
  data: 'Data',
  tools: 'Tools',
};

export const CHANGE_TYPES = [
  { type: 'feat', weight: 35, branch: 'feature', label: 'feature' },
  { type: 'fix', weight: 28, branch: 'fix', label: 'bug' },
  { type: 'refactor', weight: 10, branch: 'refactor', label: 'tech-debt' },
  { type: 'docs', weight: 8, branch: 'docs', label: 'documentation' },
  { type: 'chore', weight: 7, branch: 'chore', label: 'maintenance' },
  { type: 'test', weight: 6, branch: 'test', label: 'testing' },
  { type: 'perf', weight: 6, branch: 'perf', label: 'performance' },
] as const;

export const SUBJECTS: Record<string, string[]> = {
  feat: [
    'add refund endpoint',
    'support partial captures',
    'add pagination to the orders list',
    'introduce feature flag for the new checkout',
    'add audit log for role changes',
    'expose health details endpoint',
    'add CSV export',
    'support SSO login via SAML',
    'add retry policy for webhooks',
    'add dark mode toggle',
    'show delivery estimates',
    'add rate limiting to public endpoints',
    'track conversion events',
    'add bulk import',
  ],
  fix: [
    'handle null currency in invoices',
    'prevent double submit on checkout',
    'fix race condition in token refresh',
    'correct timezone handling in reports',
    'avoid crash when the profile has no avatar',
    'fix memory leak in the event consumer',
    'return 404 instead of 500 for unknown ids',
    'fix flaky login redirect',
    'escape HTML in notification emails',
    'fix rounding of tax amounts',
  ],
  refactor: [
    'extract payment provider client',
    'split the order service into modules',
    'replace callbacks with async/await',
    'simplify the permission checks',
    'move configuration into a typed schema',
    'remove dead feature flags',
  ],
  docs: [
    'document the release process',
    'update the API examples',
    'add architecture decision record',
    'fix broken links in the README',
    'describe local development setup',
  ],
  chore: [
    'bump Node.js to 22',
    'clean up CI cache keys',
    'enable stricter lint rules',
    'rotate staging certificates',
    'update CODEOWNERS',
  ],
  test: [
    'add contract tests for the billing API',
    'cover edge cases of the parser',
    'stabilize end-to-end checkout tests',
    'add load test scenario',
  ],
  perf: [
    'cache exchange rates',
    'batch database writes in the importer',
    'lazy-load product images',
    'add index on orders.created_at',
    'reduce bundle size of the admin console',
  ],
};

export const DEPENDENCIES = [
  'express',
  'react',
  'typescript',
  'eslint',
  'jest',
  'lodash',
  'axios',
  'pg',
  'knex',
  'webpack',
  'golang.org/x/net',
  'spring-boot',
  'kotlin',
  'terraform-provider-aws',
  'pandas',
  'numpy',
  'fastlane',
  'swiftlint',
  '@backstage/core-plugin-api',
  'node',
];

export const REVIEW_COMMENTS = [
  'Could we add a test for this case?',
  'nit: this name is a bit confusing, maybe `resolvedAmount`?',
  'Why do we need the extra query here? Could we reuse the loaded record?',
  'This looks good overall. One question about the error handling below.',
  'Should this be behind a feature flag for the first rollout?',
  'I think this breaks the migration on older databases, can you double-check?',
  'Can we log the request id here? It helps a lot when debugging.',
  'Minor: the docstring is out of date after this change.',
  'LGTM 👍',
  'Nice cleanup!',
  'What happens when the upstream times out?',
  'Please update the changelog.',
  'Do we need to handle the empty list case?',
  'Thanks, this is much easier to read now.',
];

export const AUTHOR_REPLIES = [
  'Good catch, fixed in the latest push.',
  'Added a test, thanks!',
  'Done.',
  'I kept it as is because the other callers rely on it — happy to discuss.',
  'Agreed, renamed.',
  'Yes, it is behind `new_checkout` for now.',
  'Updated the docs as well.',
  'Checked on PostgreSQL 13 and 16, both fine.',
];

export const ISSUE_PREFIXES = ['', 'Bug: ', 'Spike: ', 'Follow-up: '];

export const EXTRA_LABELS = [
  'needs-review',
  'security',
  'customer-impact',
  'ux',
];
