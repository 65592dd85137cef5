import { Table } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { MergeRequestItem } from '@delivery-insights/plugin-gitlab-delivery-common';
import { useMemo } from 'react';
import { createMergeRequestColumns } from './mergeRequestColumns';

/** A page of merge requests as a table. @internal */
export function MergeRequestsTable(props: {
  items: MergeRequestItem[];
  loading: boolean;
}) {
  const columns = useMemo(() => createMergeRequestColumns(), []);
  return (
    <Table<MergeRequestItem>
      columns={columns}
      data={props.items}
      isLoading={props.loading}
      style={{ boxShadow: 'none' }}
      options={{
        toolbar: false,
        paging: false,
        search: false,
        padding: 'dense',
        draggable: false,
      }}
      emptyContent={
        <Box padding={2}>
          <Typography variant="body2" color="textSecondary">
            No merge requests match this filter.
          </Typography>
        </Box>
      }
    />
  );
}
