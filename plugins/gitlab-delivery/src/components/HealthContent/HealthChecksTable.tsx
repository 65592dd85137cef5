import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { HealthCheck } from '@delivery-insights/plugin-gitlab-delivery-common';
import { useRef } from 'react';
import { useElementWidth } from '../../hooks/useElementWidth';
import { formatAbsoluteTime, formatRelativeTime } from '../../lib/formatTime';
import { checkTitle, statusRank } from '../../lib/healthStatus';
import { HealthStatusLabel } from '../shared/HealthStatusLabel';

/** Below this width in pixels, "What to do" and "Checked" go under the result. */
const STACKED_BELOW_PX = 760;

const useStyles = makeStyles(theme => ({
  // Fixed layout: the table is as wide as its card, never wider; long words
  // (URLs, paths, check ids) break rather than push the page sideways.
  table: {
    tableLayout: 'fixed',
    width: '100%',
    '& td, & th': {
      overflowWrap: 'anywhere',
      verticalAlign: 'top',
    },
  },
  status: { width: 112, whiteSpace: 'nowrap', paddingRight: theme.spacing(1) },
  check: { width: '20%' },
  remediation: { width: '27%' },
  checked: { width: 136 },
  checkStacked: { width: '28%' },
  stackedLine: { marginTop: theme.spacing(0.5) },
  term: { fontWeight: theme.typography.fontWeightMedium as number },
  code: { overflowWrap: 'anywhere' },
}));

function CheckedAt(props: { checkedAt: string }) {
  return (
    <span title={formatAbsoluteTime(props.checkedAt)}>
      {formatRelativeTime(props.checkedAt)}
    </span>
  );
}

/**
 * Each health check with its status, message, fix and when it ran. The table
 * is never wider than its card: long words break, and in a narrow card the fix
 * and the time go under the message. Without any fix to tell (all checks
 * pass), there is no "What to do" column. @internal
 */
export function HealthChecksTable(props: {
  checks: HealthCheck[];
  caption: string;
}) {
  const { checks, caption } = props;
  const classes = useStyles();
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const stacked = width !== undefined && width < STACKED_BELOW_PX;
  // A "What to do" column of dashes only would take room from the results.
  const withRemediation =
    !stacked && checks.some(check => Boolean(check.remediation));
  if (checks.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No health checks have run yet.
      </Typography>
    );
  }
  const sorted = [...checks].sort(
    (a, b) => statusRank(a.status) - statusRank(b.status),
  );
  return (
    <div ref={ref} data-layout={stacked ? 'stacked' : 'columns'}>
      <Table size="small" aria-label={caption} className={classes.table}>
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col" className={classes.status}>
              Status
            </TableCell>
            <TableCell
              component="th"
              scope="col"
              className={stacked ? classes.checkStacked : classes.check}
            >
              Check
            </TableCell>
            <TableCell component="th" scope="col">
              Result
            </TableCell>
            {withRemediation && (
              <TableCell
                component="th"
                scope="col"
                className={classes.remediation}
              >
                What to do
              </TableCell>
            )}
            {!stacked && (
              <TableCell component="th" scope="col" className={classes.checked}>
                Checked
              </TableCell>
            )}
          </TableRow>
        </TableHead>
        <TableBody>
          {sorted.map(check => (
            <TableRow key={check.id} data-check-id={check.id}>
              <TableCell className={classes.status}>
                <HealthStatusLabel status={check.status} />
              </TableCell>
              <TableCell component="th" scope="row">
                {checkTitle(check.id)}
                <Typography
                  variant="caption"
                  color="textSecondary"
                  display="block"
                >
                  {check.id}
                </Typography>
              </TableCell>
              <TableCell>
                {check.message}
                {check.suggestedPath && (
                  <Typography variant="body2">
                    Did you mean{' '}
                    <code className={classes.code}>{check.suggestedPath}</code>?
                  </Typography>
                )}
                {stacked && check.remediation && (
                  <Typography variant="body2" className={classes.stackedLine}>
                    <span className={classes.term}>What to do:</span>{' '}
                    {check.remediation}
                  </Typography>
                )}
                {stacked && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    display="block"
                    className={classes.stackedLine}
                  >
                    Checked <CheckedAt checkedAt={check.checkedAt} />
                  </Typography>
                )}
              </TableCell>
              {withRemediation && (
                <TableCell>{check.remediation ?? '–'}</TableCell>
              )}
              {!stacked && (
                <TableCell>
                  <CheckedAt checkedAt={check.checkedAt} />
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
