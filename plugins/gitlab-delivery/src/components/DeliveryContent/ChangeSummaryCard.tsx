import { InfoCard, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import {
  ChangeKind,
  MetricsResponse,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { formatDuration } from '../../lib/formatDuration';

const KIND_LABELS: Record<ChangeKind, string> = {
  feature: 'Features',
  fix: 'Fixes',
  refactor: 'Refactoring',
  docs: 'Docs',
  deps: 'Dependencies',
  chore: 'Chores',
  other: 'Other',
};

/** The window's work in one sentence, by kind, with the open MR picture. @internal */
export function ChangeSummaryCard(props: { metrics: MetricsResponse }) {
  const { summary, stateMix } = props.metrics;
  const kinds = (Object.keys(KIND_LABELS) as ChangeKind[]).filter(
    kind => (summary.byKind[kind] ?? 0) > 0,
  );
  const oldest =
    stateMix.oldestOpenAgeSeconds === null
      ? ''
      : `; the oldest has been open for ${formatDuration(
          stateMix.oldestOpenAgeSeconds,
        )}`;
  return (
    <InfoCard title="What changed">
      <Typography variant="body1" paragraph>
        {summary.sentence}
      </Typography>
      {kinds.length > 0 && (
        <Box
          component="ul"
          aria-label="Merged merge requests by kind"
          display="flex"
          flexWrap="wrap"
          padding={0}
          margin={0}
          style={{ gap: 8, listStyle: 'none' }}
        >
          {kinds.map(kind => (
            <li key={kind}>
              <Chip
                size="small"
                label={`${KIND_LABELS[kind]}: ${summary.byKind[kind]}`}
              />
            </li>
          ))}
        </Box>
      )}
      <Box marginTop={2}>
        <Typography variant="body2" color="textSecondary">
          {stateMix.open} open ({stateMix.draft} draft){oldest}.{' '}
          {summary.closedIssues} issue{summary.closedIssues === 1 ? '' : 's'}{' '}
          closed.
        </Typography>
        {summary.topTickets.length > 0 && (
          <Typography variant="body2" color="textSecondary">
            Top tickets:{' '}
            {summary.topTickets.map((ticket, index) => (
              <span key={ticket.key}>
                {index > 0 && ', '}
                {ticket.url ? (
                  <Link to={ticket.url}>{ticket.key}</Link>
                ) : (
                  ticket.key
                )}
              </span>
            ))}
          </Typography>
        )}
      </Box>
    </InfoCard>
  );
}
