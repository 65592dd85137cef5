import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { MergeRequestItem } from '@delivery-insights/plugin-gitlab-delivery-common';

const STATE_LABELS: Record<MergeRequestItem['state'], string> = {
  opened: 'Open',
  merged: 'Merged',
  closed: 'Closed',
  locked: 'Locked',
};

/** The state of an MR as a chip, plus a "Draft" chip for drafts. @internal */
export function MergeRequestStateChips(props: {
  state: MergeRequestItem['state'];
  draft: boolean;
}) {
  const { state, draft } = props;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      <Chip
        size="small"
        label={STATE_LABELS[state] ?? state}
        color={state === 'merged' ? 'primary' : 'default'}
        variant={state === 'opened' ? 'default' : 'outlined'}
      />
      {draft && <Chip size="small" variant="outlined" label="Draft" />}
    </Box>
  );
}
