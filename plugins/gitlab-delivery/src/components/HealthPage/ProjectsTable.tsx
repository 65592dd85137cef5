import { Link, Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ProjectHealth } from '@delivery-insights/plugin-gitlab-delivery-common';
import { ReactNode, useMemo, useRef } from 'react';
import { useAutoSyncState } from '../../hooks/useAutoSyncState';
import { useElementWidth } from '../../hooks/useElementWidth';
import { autoSyncOfHealth, autoSyncOffText } from '../../lib/autoSync';
import { formatAbsoluteTime, formatRelativeTime } from '../../lib/formatTime';
import { statusRank } from '../../lib/healthStatus';
import { BreakablePath } from '../shared/BreakablePath';
import { AutoSyncSwitch } from '../shared/AutoSyncSwitch';
import { HealthStatusLabel } from '../shared/HealthStatusLabel';
import { FirstSyncProgress } from '../shared/FirstSyncProgress';
import { LastErrorCell } from './LastErrorCell';

/**
 * Below this width in pixels, the auto-sync switch goes under the project and the last
 * success under the last sync, leaving room for the last error.
 */
const COMPACT_BELOW_PX = 1100;

const nowrap = { whiteSpace: 'nowrap' } as const;

function timeText(iso: string | null) {
  return <span title={formatAbsoluteTime(iso)}>{formatRelativeTime(iso)}</span>;
}

function Secondary(props: { children: ReactNode }) {
  return (
    <Typography variant="caption" color="textSecondary" display="block">
      {props.children}
    </Typography>
  );
}

function AutoSyncCell(props: { project: ProjectHealth }) {
  const { project } = props;
  const [state, setState] = useAutoSyncState(autoSyncOfHealth(project));
  return (
    <span title={autoSyncOffText(state) ?? undefined}>
      <AutoSyncSwitch
        host={project.host}
        projectId={project.projectId}
        path={project.path}
        state={state}
        onChange={setState}
      />
    </span>
  );
}

// Every column but the project has a width, and the project 'auto': the room
// left goes to the project. (Without a width, material-table would make it
// "100% - 0px" wide on the first render, squeezing the others.)
function createColumns(compact: boolean): TableColumn<ProjectHealth>[] {
  const columns: Array<TableColumn<ProjectHealth> | false> = [
    {
      title: 'Status',
      field: 'status',
      width: '116px',
      render: row => <HealthStatusLabel status={row.status} />,
      customSort: (a, b) => statusRank(a.status) - statusRank(b.status),
    },
    {
      title: 'Project',
      field: 'path',
      highlight: true,
      width: 'auto',
      cellStyle: { minWidth: compact ? 140 : 200 },
      render: row => (
        <>
          {row.webUrl ? (
            <Link to={row.webUrl}>
              <BreakablePath path={row.path} />
            </Link>
          ) : (
            <BreakablePath path={row.path} />
          )}
          <Secondary>{row.host}</Secondary>
          {compact && (
            <AutoSyncCell key={`${row.host}/${row.path}`} project={row} />
          )}
        </>
      ),
    },
    // The instance shows under the project; the column stays for the filter.
    { title: 'Instance', field: 'host', hidden: true, searchable: true },
    !compact && {
      title: 'Auto-sync',
      field: 'autoSync',
      width: '120px',
      render: row => (
        <AutoSyncCell key={`${row.host}/${row.path}`} project={row} />
      ),
    },
    {
      title: 'Last sync',
      field: 'lastAttemptAt',
      width: compact ? '150px' : '130px',
      cellStyle: nowrap,
      render: row =>
        compact ? (
          <>
            {timeText(row.lastAttemptAt)}
            <Secondary>success: {timeText(row.lastSuccessAt)}</Secondary>
          </>
        ) : (
          timeText(row.lastAttemptAt)
        ),
    },
    !compact && {
      title: 'Last success',
      field: 'lastSuccessAt',
      width: '130px',
      cellStyle: nowrap,
      render: row => timeText(row.lastSuccessAt),
    },
    {
      title: 'MRs',
      field: 'mergeRequestCount',
      type: 'numeric',
      width: '72px',
      render: row =>
        row.firstSync ? (
          <FirstSyncProgress progress={row.firstSync} compact />
        ) : (
          row.mergeRequestCount
        ),
    },
    {
      title: 'Last error',
      field: 'lastErrorMessage',
      sorting: false,
      // Room for a readable line; long messages are cut to two lines with a
      // button that shows them whole (LastErrorCell).
      width: compact ? '34%' : '30%',
      cellStyle: { minWidth: 220 },
      render: row => (
        <LastErrorCell
          message={row.lastErrorMessage}
          remediation={row.remediation}
          project={row.path}
        />
      ),
    },
  ];
  return columns.filter(
    (column): column is TableColumn<ProjectHealth> => column !== false,
  );
}

/**
 * Every synced GitLab project, problems first; in a narrow page, auto-sync and
 * the last success go under the project and the last sync. @internal
 */
export function ProjectsTable(props: { projects: ProjectHealth[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const compact = width !== undefined && width < COMPACT_BELOW_PX;
  const columns = useMemo(() => createColumns(compact), [compact]);
  const rows = [...props.projects].sort(
    (a, b) =>
      statusRank(a.status) - statusRank(b.status) ||
      `${a.host}/${a.path}`.localeCompare(`${b.host}/${b.path}`),
  );
  return (
    <div ref={ref} data-layout={compact ? 'compact' : 'wide'}>
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
    </div>
  );
}
