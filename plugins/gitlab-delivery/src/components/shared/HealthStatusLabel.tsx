import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { HealthStatus } from '@delivery-insights/plugin-gitlab-delivery-common';
import { statusLabel } from '../../lib/healthStatus';

function StatusIcon(props: { status: HealthStatus }) {
  switch (props.status) {
    case 'ok':
      return <StatusOK />;
    case 'warning':
      return <StatusWarning />;
    case 'error':
      return <StatusError />;
    default:
      return <StatusAborted />;
  }
}

/** A status icon with its word, on one line; the word is what screen readers hear. @internal */
export function HealthStatusLabel(props: {
  status: HealthStatus;
  label?: string;
}) {
  const { status, label } = props;
  return (
    <Box
      display="inline-flex"
      alignItems="baseline"
      whiteSpace="nowrap"
      data-status={status}
    >
      <StatusIcon status={status} />
      <Typography component="span" variant="body2">
        {label ?? statusLabel(status)}
      </Typography>
    </Box>
  );
}
