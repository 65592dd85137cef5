import { FirstSyncProgress as Progress } from '@delivery-insights/plugin-gitlab-delivery-common';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { formatDuration } from '../../lib/formatDuration';

/**
 * "First sync: 1,234 of 10,000 merge requests stored, about 3m left" with a
 * bar; `compact` for a table cell: "1,234 / 10,000, 3m left".
 * @internal
 */
export function FirstSyncProgress(props: {
  progress: Progress;
  compact?: boolean;
}) {
  const { stored, total, estimatedSecondsLeft } = props.progress;
  const share = total > 0 ? Math.min(100, (100 * stored) / total) : 0;
  const count = (n: number) => n.toLocaleString('en-US');
  const left =
    estimatedSecondsLeft === null
      ? ''
      : formatDuration(Math.max(estimatedSecondsLeft, 1));
  const text = props.compact
    ? `${count(stored)} / ${count(total)}${left ? `, ${left} left` : ''}`
    : `First sync: ${count(stored)} of ${count(total)} merge requests stored${
        left ? `, about ${left} left` : ''
      }`;
  return (
    <div>
      <Typography variant={props.compact ? 'caption' : 'body2'}>
        {text}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={share}
        aria-label="First sync progress"
      />
    </div>
  );
}
