import { useApi } from '@backstage/core-plugin-api';
import LinkIcon from '@material-ui/icons/Link';
import LinkOffIcon from '@material-ui/icons/LinkOff';
import {
  gitlabDeliveryConnectionManagePermission,
  InstanceHealth,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { gitlabDeliveryApiRef } from '../../api/GitlabDeliveryApi';
import { leavePage } from '../../lib/leavePage';
import { PermissionedActionButton } from '../shared/PermissionedActionButton';

/**
 * "Connect GitLab" for an instance with an OAuth application, "Disconnect"
 * once connected; shown only to users allowed to manage connections.
 * Connect sends the browser to GitLab's consent page, which sends it back
 * here. @internal
 */
export function ConnectionButton(props: {
  instance: InstanceHealth;
  onDone: () => void;
}) {
  const api = useApi(gitlabDeliveryApiRef);
  const { host, credential } = props.instance;
  if (!credential?.oauthApplication) return null;
  if (credential.source === 'connected') {
    return (
      <PermissionedActionButton
        permission={gitlabDeliveryConnectionManagePermission}
        label="Disconnect"
        ariaLabel={`Disconnect GitLab at ${host}`}
        icon={<LinkOffIcon />}
        successMessage={`GitLab at ${host} is disconnected.`}
        action={async () => {
          const { revoked, message } = await api.disconnectInstance({ host });
          return revoked ? undefined : message;
        }}
        onDone={props.onDone}
      />
    );
  }
  return (
    <PermissionedActionButton
      permission={gitlabDeliveryConnectionManagePermission}
      label="Connect GitLab"
      ariaLabel={`Connect GitLab at ${host}`}
      icon={<LinkIcon />}
      successMessage="Opening GitLab…"
      action={async () => {
        const { authorizeUrl } = await api.connectInstance({ host });
        leavePage(authorizeUrl);
      }}
    />
  );
}
