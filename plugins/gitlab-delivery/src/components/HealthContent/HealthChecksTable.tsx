import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { HealthCheck } from '@delivery-insights/plugin-gitlab-delivery-common';
import { formatAbsoluteTime, formatRelativeTime } from '../../lib/formatTime';
import { checkTitle, statusRank } from '../../lib/healthStatus';
import { HealthStatusLabel } from '../shared/HealthStatusLabel';

/** Each health check with its status, message, fix and when it ran. @internal */
export function HealthChecksTable(props: {
  checks: HealthCheck[];
  caption: string;
}) {
  const { checks, caption } = props;
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
    <Table size="small" aria-label={caption}>
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">
            Status
          </TableCell>
          <TableCell component="th" scope="col">
            Check
          </TableCell>
          <TableCell component="th" scope="col">
            Result
          </TableCell>
          <TableCell component="th" scope="col">
            What to do
          </TableCell>
          <TableCell component="th" scope="col">
            Checked
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sorted.map(check => (
          <TableRow key={check.id} data-check-id={check.id}>
            <TableCell>
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
                  Did you mean <code>{check.suggestedPath}</code>?
                </Typography>
              )}
            </TableCell>
            <TableCell>{check.remediation ?? '–'}</TableCell>
            <TableCell>
              <span title={formatAbsoluteTime(check.checkedAt)}>
                {formatRelativeTime(check.checkedAt)}
              </span>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
