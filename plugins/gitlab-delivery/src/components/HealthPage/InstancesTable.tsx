import { Table, TableColumn } from '@backstage/core-components';
import { InstanceHealth } from '@delivery-insights/plugin-gitlab-delivery-common';
import { statusRank, worstStatus } from '../../lib/healthStatus';
import { RateLimitText } from '../HealthContent/RateLimitText';
import { TokenExpiryText } from '../HealthContent/TokenExpiryText';
import { HealthStatusLabel } from '../shared/HealthStatusLabel';

type InstanceRow = InstanceHealth & { status: ReturnType<typeof worstStatus> };

const columns: TableColumn<InstanceRow>[] = [
  {
    title: 'Status',
    field: 'status',
    render: row => <HealthStatusLabel status={row.status} />,
    customSort: (a, b) => statusRank(a.status) - statusRank(b.status),
  },
  { title: 'Instance', field: 'host', highlight: true },
  {
    title: 'Version',
    field: 'version',
    render: row => row.version ?? 'unknown',
  },
  {
    title: 'Token',
    field: 'tokenName',
    render: row => row.tokenName ?? 'unknown',
  },
  {
    title: 'Token expires',
    field: 'tokenExpiresAt',
    render: row => <TokenExpiryText expiresAt={row.tokenExpiresAt} />,
  },
  {
    title: 'Scopes',
    field: 'tokenScopes',
    sorting: false,
    render: row =>
      row.tokenScopes.length > 0 ? row.tokenScopes.join(', ') : 'unknown',
  },
  {
    title: 'Rate limit',
    field: 'rateLimit',
    sorting: false,
    render: row => <RateLimitText rateLimit={row.rateLimit} />,
  },
];

/** Every configured GitLab instance, problems first. @internal */
export function InstancesTable(props: { instances: InstanceHealth[] }) {
  const rows: InstanceRow[] = props.instances
    .map(instance => ({
      ...instance,
      status: worstStatus(instance.checks.map(c => c.status)),
    }))
    .sort(
      (a, b) =>
        statusRank(a.status) - statusRank(b.status) ||
        a.host.localeCompare(b.host),
    );
  return (
    <Table<InstanceRow>
      title="GitLab instances"
      columns={columns}
      data={rows}
      options={{ paging: false, search: false, padding: 'dense' }}
    />
  );
}
