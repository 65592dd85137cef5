import { Link, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { MergeRequestItem } from '@delivery-insights/plugin-gitlab-delivery-common';
import { formatDuration } from '../../lib/formatDuration';
import { formatAbsoluteTime, secondsSince } from '../../lib/formatTime';
import { MergeRequestStateChips } from './MergeRequestStateChips';
import { RelatedTicketLinks } from './RelatedTicketLinks';
import { SizeBucketChip } from './SizeBucketChip';

/** The columns of the merge request table. @internal */
export function createMergeRequestColumns(): TableColumn<MergeRequestItem>[] {
  return [
    {
      title: 'State',
      field: 'state',
      width: '110px',
      render: item => (
        <MergeRequestStateChips state={item.state} draft={item.draft} />
      ),
    },
    {
      title: 'Title',
      field: 'title',
      highlight: true,
      render: item => (
        <>
          <Link to={item.webUrl}>{item.title}</Link>
          <Typography variant="caption" color="textSecondary" display="block">
            {item.projectPath}!{item.iid}
          </Typography>
        </>
      ),
    },
    { title: 'Author', field: 'author' },
    {
      title: 'Age',
      field: 'createdAt',
      render: item => (
        <span title={`Opened ${formatAbsoluteTime(item.createdAt)}`}>
          {formatDuration(secondsSince(item.createdAt))}
        </span>
      ),
    },
    {
      title: 'Time to merge',
      field: 'timeToMergeSeconds',
      render: item => formatDuration(item.timeToMergeSeconds),
    },
    {
      title: 'Size',
      field: 'sizeBucket',
      render: item => <SizeBucketChip item={item} />,
    },
    {
      title: 'Tickets',
      field: 'relatedTickets',
      sorting: false,
      render: item => <RelatedTicketLinks tickets={item.relatedTickets} />,
    },
  ];
}
