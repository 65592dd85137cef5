import { Link, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { MergeRequestItem } from '@delivery-insights/plugin-gitlab-delivery-common';
import { formatDuration } from '../../lib/formatDuration';
import { formatAbsoluteTime, secondsSince } from '../../lib/formatTime';
import { MergeRequestStateChips } from './MergeRequestStateChips';
import { RelatedTicketLinks } from './RelatedTicketLinks';
import { SizeBucketChip } from './SizeBucketChip';

/**
 * How the table lays out its columns: `wide` gives author and age columns of
 * their own; `compact`, for a card of ~700 px such as the Overview's main
 * column, folds them into a line under the title so that the title keeps room.
 * @internal
 */
export type MergeRequestTableLayout = 'wide' | 'compact';

/** Below this width in pixels, the table is compact. @internal */
export const COMPACT_BELOW_PX = 900;

const TITLE_MIN_WIDTH = 240;

function Age(props: { item: MergeRequestItem; prefix?: string }) {
  const { item, prefix = '' } = props;
  return (
    <span title={`Opened ${formatAbsoluteTime(item.createdAt)}`}>
      {prefix}
      {formatDuration(secondsSince(item.createdAt))}
    </span>
  );
}

function TitleCell(props: {
  item: MergeRequestItem;
  layout: MergeRequestTableLayout;
}) {
  const { item, layout } = props;
  return (
    <>
      <Link to={item.webUrl}>{item.title}</Link>
      <Typography
        variant="caption"
        color="textSecondary"
        display="block"
        style={{ overflowWrap: 'anywhere' }}
      >
        {item.projectPath}!{item.iid}
        {layout === 'compact' && (
          <>
            {' · '}
            <span>{item.author}</span>
            {' · '}
            <Age item={item} prefix="opened " /> ago
          </>
        )}
      </Typography>
    </>
  );
}

/**
 * The columns of the merge request table. Every column but the title has a
 * width in pixels and the title 'auto', so that the room left goes to the
 * title. (Without a width, material-table would give the title a width of
 * "100% - 0px" on the first render, squeezing the others.)
 * @internal
 */
export function createMergeRequestColumns(
  layout: MergeRequestTableLayout = 'wide',
): TableColumn<MergeRequestItem>[] {
  const nowrap = { whiteSpace: 'nowrap' } as const;
  const columns: Array<TableColumn<MergeRequestItem> | false> = [
    {
      title: 'State',
      field: 'state',
      width: '96px',
      render: item => (
        <MergeRequestStateChips state={item.state} draft={item.draft} />
      ),
    },
    {
      title: layout === 'compact' ? 'Merge request' : 'Title',
      field: 'title',
      highlight: true,
      width: 'auto',
      cellStyle: { minWidth: TITLE_MIN_WIDTH },
      render: item => <TitleCell item={item} layout={layout} />,
    },
    layout === 'wide' && {
      title: 'Author',
      field: 'author',
      width: '150px',
      cellStyle: { overflowWrap: 'anywhere' },
    },
    layout === 'wide' && {
      title: 'Age',
      field: 'createdAt',
      width: '100px',
      cellStyle: nowrap,
      render: item => <Age item={item} />,
    },
    {
      title: 'Time to merge',
      field: 'timeToMergeSeconds',
      width: '120px',
      cellStyle: nowrap,
      render: item => formatDuration(item.timeToMergeSeconds),
    },
    {
      title: 'Size',
      field: 'sizeBucket',
      width: '72px',
      render: item => <SizeBucketChip item={item} />,
    },
    {
      title: 'Tickets',
      field: 'relatedTickets',
      sorting: false,
      width: layout === 'wide' ? '220px' : '168px',
      render: item => (
        <RelatedTicketLinks
          tickets={item.relatedTickets}
          projectPath={item.projectPath}
        />
      ),
    },
  ];
  return columns.filter(
    (column): column is TableColumn<MergeRequestItem> => column !== false,
  );
}
