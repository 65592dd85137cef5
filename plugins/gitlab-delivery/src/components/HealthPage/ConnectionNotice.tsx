import Alert from '@material-ui/lab/Alert';
import { useLocation } from 'react-router-dom';

/** What each `oauthError` of the Connect GitLab callback means to the admin. */
const REASONS: Record<string, string> = {
  state_invalid:
    'the sign-in link was unknown, expired (after 10 minutes) or already used. Press Connect GitLab again.',
  browser_mismatch:
    'it was started in another browser or session. Press Connect GitLab again here.',
  access_denied: 'access was denied on GitLab’s consent page.',
  gitlab_error:
    'GitLab answered with an error. Check the OAuth application’s redirect URI and scopes (read_api read_user).',
  code_refused:
    'GitLab refused the authorization code (expired, already used, or another application’s). Press Connect GitLab again.',
  gitlab_unreachable:
    'GitLab could not be reached to complete it. Press Connect GitLab again.',
  storage_failed:
    'the tokens could not be stored; see the backend log and gitlabDelivery.encryptionKey.',
};

/** How the last Connect GitLab ended, from the callback's redirect back to this page. @internal */
export function ConnectionNotice() {
  const params = new URLSearchParams(useLocation().search);
  const connected = params.get('connected');
  const error = params.get('oauthError');
  if (connected) {
    return (
      <Alert severity="success">
        GitLab at {connected} is connected. Its health check is running and
        shows the connected token when it finishes; the next sync uses it.
      </Alert>
    );
  }
  if (error) {
    return (
      <Alert severity="error">
        GitLab was not connected: {REASONS[error] ?? 'an unknown error.'}
      </Alert>
    );
  }
  return null;
}
