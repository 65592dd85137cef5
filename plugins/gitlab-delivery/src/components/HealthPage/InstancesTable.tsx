import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { InstanceHealth } from '@delivery-insights/plugin-gitlab-delivery-common';
import { ReactNode, useMemo, useRef } from 'react';
import { useElementWidth } from '../../hooks/useElementWidth';
import { statusRank, worstStatus } from '../../lib/healthStatus';
import { RateLimitText } from '../HealthContent/RateLimitText';
import { TokenExpiryText } from '../HealthContent/TokenExpiryText';
import { HealthStatusLabel } from '../shared/HealthStatusLabel';
import { ConnectionButton } from './ConnectionButton';
import { ConnectedByText, tokenInUseLabel } from '../shared/TokenInUse';

type InstanceRow = InstanceHealth & { status: ReturnType<typeof worstStatus> };

/** Below this width in pixels, version and token facts go under host and token. */
const COMPACT_BELOW_PX = 1000;

function scopesText(row: InstanceRow): string {
  return row.tokenScopes.length > 0 ? row.tokenScopes.join(', ') : 'unknown';
}

function Secondary(props: { children: ReactNode }) {
  return (
    <Typography variant="caption" color="textSecondary" display="block">
      {props.children}
    </Typography>
  );
}

// Widths for the short columns; the host, token and scopes ('auto') share the
// rest. (Without a width, material-table would size them "100% - 0px" on
// the first render, squeezing the others.)
function createColumns(
  compact: boolean,
  onChange: () => void,
): TableColumn<InstanceRow>[] {
  const connection = (row: InstanceRow) => (
    <>
      <ConnectedByText instance={row} />
      <ConnectionButton instance={row} onDone={onChange} />
    </>
  );
  const status: TableColumn<InstanceRow> = {
    title: 'Status',
    field: 'status',
    width: '120px',
    render: row => <HealthStatusLabel status={row.status} />,
    customSort: (a, b) => statusRank(a.status) - statusRank(b.status),
  };
  const rateLimit: TableColumn<InstanceRow> = {
    title: 'Rate limit',
    field: 'rateLimit',
    width: compact ? '180px' : '240px',
    sorting: false,
    render: row => <RateLimitText rateLimit={row.rateLimit} />,
  };
  if (compact) {
    return [
      status,
      {
        title: 'Instance',
        field: 'host',
        highlight: true,
        width: 'auto',
        cellStyle: { overflowWrap: 'anywhere' },
        render: row => (
          <>
            {row.host}
            <Secondary>GitLab {row.version ?? 'version unknown'}</Secondary>
          </>
        ),
      },
      {
        title: 'Token',
        field: 'tokenName',
        width: 'auto',
        cellStyle: { overflowWrap: 'anywhere' },
        render: row => (
          <>
            {tokenInUseLabel(row)}
            <Secondary>
              Scopes: {scopesText(row)} · expires:{' '}
              <TokenExpiryText instance={row} />
            </Secondary>
            {connection(row)}
          </>
        ),
      },
      rateLimit,
    ];
  }
  return [
    status,
    {
      title: 'Instance',
      field: 'host',
      highlight: true,
      width: 'auto',
      cellStyle: { minWidth: 180, overflowWrap: 'anywhere' },
    },
    {
      title: 'Version',
      field: 'version',
      width: '100px',
      render: row => row.version ?? 'unknown',
    },
    {
      title: 'Token',
      field: 'tokenName',
      width: 'auto',
      render: row => (
        <>
          {tokenInUseLabel(row)}
          {connection(row)}
        </>
      ),
    },
    {
      title: 'Token expires',
      field: 'tokenExpiresAt',
      width: '160px',
      render: row => <TokenExpiryText instance={row} />,
    },
    {
      title: 'Scopes',
      field: 'tokenScopes',
      width: 'auto',
      sorting: false,
      render: scopesText,
    },
    rateLimit,
  ];
}

/**
 * Every configured GitLab instance, problems first, with the token in use
 * and Connect GitLab where an OAuth application is configured; in a narrow
 * page, version, scopes and expiry go under host and token. @internal
 */
export function InstancesTable(props: {
  instances: InstanceHealth[];
  /** Called after a disconnect, to load the health again. */
  onChange: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const compact = width !== undefined && width < COMPACT_BELOW_PX;
  const { onChange } = props;
  const columns = useMemo(
    () => createColumns(compact, onChange),
    [compact, onChange],
  );
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
    <div ref={ref} data-layout={compact ? 'compact' : 'wide'}>
      <Table<InstanceRow>
        title="GitLab instances"
        columns={columns}
        data={rows}
        options={{ paging: false, search: false, padding: 'dense' }}
      />
    </div>
  );
}
