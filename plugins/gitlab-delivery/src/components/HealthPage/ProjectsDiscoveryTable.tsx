import {
  CopyTextButton,
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  DiscoveredProject,
  ProjectTrackingFilter,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { FormEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { gitlabDeliveryApiRef } from '../../api/GitlabDeliveryApi';
import { CursorPager } from '../MergeRequestsCard/CursorPager';
import { AutoSyncSwitch } from '../shared/AutoSyncSwitch';
import { BreakablePath } from '../shared/BreakablePath';

type Filter = ProjectTrackingFilter | 'all';

const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'all', label: 'All projects' },
  { value: 'tracked', label: 'Tracked' },
  { value: 'untracked', label: 'Untracked' },
  { value: 'unreadable', label: 'Not readable enough (below Reporter)' },
];

function AutoSyncCell(props: { host: string; project: DiscoveredProject }) {
  const { host, project } = props;
  const [state, setState] = useState(project.autoSync);
  if (!state) return <>–</>;
  return (
    <AutoSyncSwitch
      host={host}
      projectId={project.id}
      path={project.fullPath}
      state={state}
      onChange={setState}
    />
  );
}

function columns(host: string): TableColumn<DiscoveredProject>[] {
  return [
    {
      title: 'Project',
      field: 'fullPath',
      highlight: true,
      render: row => (
        <Link to={row.webUrl}>
          <BreakablePath path={row.fullPath} />
        </Link>
      ),
    },
    {
      title: 'Role',
      field: 'role',
      render: row => {
        const role =
          row.role?.name ??
          (row.readable ? 'Reporter or above' : 'Below Reporter');
        return row.readable ? role : `${role} (cannot read merge requests)`;
      },
    },
    {
      title: 'Merge requests',
      field: 'mergeRequestsEnabled',
      render: row => (row.mergeRequestsEnabled ? 'Enabled' : 'Disabled'),
    },
    {
      title: 'MRs, last 30 days',
      field: 'mergeRequestsLast30Days',
      type: 'numeric',
      render: row => row.mergeRequestsLast30Days ?? 'unknown',
    },
    {
      title: 'Tracked by',
      field: 'trackedBy',
      render: row =>
        row.trackedBy.length > 0 ? row.trackedBy.join(', ') : 'Not tracked',
    },
    {
      title: 'Auto-sync',
      field: 'autoSync',
      render: row => <AutoSyncCell key={row.id} host={host} project={row} />,
    },
    {
      title: 'catalog-info.yaml',
      field: 'catalogSnippet',
      sorting: false,
      render: row => {
        if (row.trackedBy.length > 0) return null;
        if (!row.allowed) {
          return (
            <span title="gitlabDelivery.instances[].projects.allow does not list it, so the plugin would not sync it">
              Outside the allow-list
            </span>
          );
        }
        return (
          <CopyTextButton
            text={row.catalogSnippet}
            tooltipText="catalog-info.yaml copied"
            aria-label={`Copy a catalog-info.yaml for ${row.fullPath}`}
          />
        );
      },
    },
  ];
}

/**
 * The GitLab projects of one instance, searched and filtered by the backend,
 * a page at a time by GitLab's cursor. @internal
 */
export function ProjectsDiscoveryTable(props: { host: string }) {
  const { host } = props;
  const api = useApi(gitlabDeliveryApiRef);
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  // The cursors of the pages shown so far; the first page has none.
  const [cursors, setCursors] = useState<Array<string | undefined>>([
    undefined,
  ]);
  const cursor = cursors[cursors.length - 1];
  const { loading, error, value } = useAsync(
    () =>
      api.listProjects({
        host,
        search: search || undefined,
        cursor,
        tracked: filter === 'all' ? undefined : filter,
      }),
    [api, host, search, filter, cursor],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(draft.trim());
    setCursors([undefined]);
  };

  return (
    <>
      <Box
        component="form"
        onSubmit={submit}
        display="flex"
        gridGap={16}
        alignItems="center"
        role="search"
      >
        <TextField
          id="gitlab-project-search"
          label="Search projects"
          value={draft}
          onChange={event => setDraft(event.target.value)}
          variant="outlined"
          size="small"
          margin="dense"
        />
        <Button type="submit" variant="outlined" color="primary">
          Search
        </Button>
        <TextField
          id="gitlab-project-filter"
          select
          label="Show"
          value={filter}
          onChange={event => {
            setFilter(event.target.value as Filter);
            setCursors([undefined]);
          }}
          variant="outlined"
          size="small"
          margin="dense"
        >
          {FILTERS.map(f => (
            <MenuItem key={f.value} value={f.value}>
              {f.label}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {error ? (
        <ResponseErrorPanel
          error={error}
          title={`Could not list the projects of ${host}`}
        />
      ) : (
        <Table<DiscoveredProject>
          title={`GitLab projects on ${host}`}
          isLoading={loading}
          columns={columns(host)}
          data={value?.items ?? []}
          options={{
            paging: false,
            search: false,
            sorting: false,
            padding: 'dense',
          }}
        />
      )}
      <CursorPager
        label="Project pages"
        page={cursors.length}
        hasPrevious={cursors.length > 1}
        hasNext={Boolean(value?.nextCursor)}
        onPrevious={() => setCursors(cursors.slice(0, -1))}
        onNext={() => setCursors([...cursors, value?.nextCursor])}
      />
    </>
  );
}
