import { useApi } from '@backstage/core-plugin-api';
import PlaylistAddCheckIcon from '@material-ui/icons/PlaylistAddCheck';
import { gitlabDeliveryHealthCheckPermission } from '@delivery-insights/plugin-gitlab-delivery-common';
import {
  gitlabDeliveryApiRef,
  GitlabDeliveryEntityRef,
} from '../../api/GitlabDeliveryApi';
import { PermissionedActionButton } from './PermissionedActionButton';

/** "Run health check", shown only to users allowed to run the live checks. @internal */
export function RunHealthCheckButton(props: {
  entityRef?: GitlabDeliveryEntityRef;
  onDone?: () => void;
}) {
  const api = useApi(gitlabDeliveryApiRef);
  const { entityRef, onDone } = props;
  return (
    <PermissionedActionButton
      permission={gitlabDeliveryHealthCheckPermission}
      label="Run health check"
      ariaLabel={
        entityRef
          ? 'Run health check: test the GitLab token, instance and these projects now'
          : 'Run health check: test every GitLab instance and project now'
      }
      icon={<PlaylistAddCheckIcon />}
      successMessage="Health check started. Results appear here when it finishes."
      action={() => api.runHealthCheck(entityRef ? { entityRef } : undefined)}
      onDone={onDone}
    />
  );
}
