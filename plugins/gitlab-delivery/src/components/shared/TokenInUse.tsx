import { parseEntityRef } from '@backstage/catalog-model';
import Typography from '@material-ui/core/Typography';
import { InstanceHealth } from '@delivery-insights/plugin-gitlab-delivery-common';
import { formatAbsoluteTime } from '../../lib/formatTime';

function userName(entityRef: string): string {
  try {
    return parseEntityRef(entityRef).name;
  } catch {
    return entityRef;
  }
}

/** The name of the token in use, as the Token column shows it. @internal */
export function tokenInUseLabel(instance: InstanceHealth): string {
  switch (instance.credential?.source) {
    case 'connected':
      return 'Connected OAuth token';
    case 'refresh_token':
      return 'Configured refresh token';
    case 'none':
      return instance.credential.oauthApplication
        ? 'Not connected'
        : 'No token';
    default:
      return instance.tokenName ?? 'unknown';
  }
}

/** Who connected GitLab and when, for an instance connected from this page. @internal */
export function ConnectedByText(props: { instance: InstanceHealth }) {
  const { credential } = props.instance;
  if (credential?.source !== 'connected' || !credential.connectedBy) {
    return null;
  }
  return (
    <Typography variant="caption" color="textSecondary" display="block">
      Connected by {userName(credential.connectedBy)} at{' '}
      {formatAbsoluteTime(credential.connectedAt)}
    </Typography>
  );
}
