import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { MergeRequestItem } from '@delivery-insights/plugin-gitlab-delivery-common';

function sizeDescription(item: MergeRequestItem): string {
  if (item.linesAdded === null && item.linesDeleted === null) {
    return 'Size not known yet';
  }
  const files =
    item.filesChanged === null
      ? ''
      : ` in ${item.filesChanged} file${item.filesChanged === 1 ? '' : 's'}`;
  return `${item.linesAdded ?? 0} lines added, ${
    item.linesDeleted ?? 0
  } removed${files}`;
}

/** The size bucket of an MR (XS to XL), with its line counts as a tooltip. @internal */
export function SizeBucketChip(props: { item: MergeRequestItem }) {
  const { item } = props;
  if (!item.sizeBucket) {
    return (
      <Typography variant="body2" color="textSecondary">
        –
      </Typography>
    );
  }
  const description = sizeDescription(item);
  return (
    <Tooltip title={description}>
      <Chip
        size="small"
        variant="outlined"
        label={item.sizeBucket}
        aria-label={`Size ${item.sizeBucket}: ${description}`}
      />
    </Tooltip>
  );
}
