import { Table } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { MergeRequestItem } from '@delivery-insights/plugin-gitlab-delivery-common';
import { useMemo, useRef } from 'react';
import { useElementWidth } from '../../hooks/useElementWidth';
import {
  COMPACT_BELOW_PX,
  createMergeRequestColumns,
  MergeRequestTableLayout,
} from './mergeRequestColumns';

/**
 * A page of merge requests as a table; compact when its card is narrow, as in
 * the Overview's main column. @internal
 */
export function MergeRequestsTable(props: {
  items: MergeRequestItem[];
  loading: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const layout: MergeRequestTableLayout =
    width !== undefined && width < COMPACT_BELOW_PX ? 'compact' : 'wide';
  const columns = useMemo(() => createMergeRequestColumns(layout), [layout]);
  return (
    <div ref={ref} data-layout={layout}>
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
    </div>
  );
}
