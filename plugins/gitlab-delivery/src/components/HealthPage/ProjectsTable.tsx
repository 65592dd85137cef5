import { Link, Table, TableColumn } from '@backstage/core-components';
import { ProjectHealth } from '@delivery-insights/plugin-gitlab-delivery-common';
import { formatAbsoluteTime, formatRelativeTime } from '../../lib/formatTime';
import { statusRank } from '../../lib/healthStatus';
import { HealthStatusLabel } from '../shared/HealthStatusLabel';

const columns: TableColumn<ProjectHealth>[] = [
  {
    title: 'Status',
    field: 'status',
    render: row => <HealthStatusLabel status={row.status} />,
    customSort: (a, b) => statusRank(a.status) - statusRank(b.status),
  },
  {
    title: 'Project',
    field: 'path',
    highlight: true,
    render: row =>
      row.webUrl ? <Link to={row.webUrl}>{row.path}</Link> : row.path,
  },
  { title: 'Instance', field: 'host' },
  {
    title: 'Auto-sync',
    field: 'autoSync',
    render: row => (row.autoSync ? 'On' : 'Off'),
  },
  {
    title: 'Last sync',
    field: 'lastAttemptAt',
    render: row => (
      <span title={formatAbsoluteTime(row.lastAttemptAt)}>
        {formatRelativeTime(row.lastAttemptAt)}
      </span>
    ),
  },
  {
    title: 'Last success',
    field: 'lastSuccessAt',
    render: row => (
      <span title={formatAbsoluteTime(row.lastSuccessAt)}>
        {formatRelativeTime(row.lastSuccessAt)}
      </span>
    ),
  },
  { title: 'MRs', field: 'mergeRequestCount', type: 'numeric' },
  {
    title: 'Last error',
    field: 'lastErrorMessage',
    sorting: false,
    render: row =>
      row.lastErrorMessage
        ? `${row.lastErrorMessage}${
            row.remediation ? ` How to fix it: ${row.remediation}` : ''
          }`
        : '–',
  },
];

/** Every synced GitLab project, problems first. @internal */
export function ProjectsTable(props: { projects: ProjectHealth[] }) {
  const rows = [...props.projects].sort(
    (a, b) =>
      statusRank(a.status) - statusRank(b.status) ||
      `${a.host}/${a.path}`.localeCompare(`${b.host}/${b.path}`),
  );
  return (
    <Table<ProjectHealth>
      title="GitLab projects"
      columns={columns}
      data={rows}
      options={{
        paging: rows.length > 20,
        pageSize: 20,
        search: true,
        padding: 'dense',
      }}
    />
  );
}
