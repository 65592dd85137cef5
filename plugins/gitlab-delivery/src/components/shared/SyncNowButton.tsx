import { useApi } from '@backstage/core-plugin-api';
import SyncIcon from '@material-ui/icons/Sync';
import { gitlabDeliverySyncTriggerPermission } from '@delivery-insights/plugin-gitlab-delivery-common';
import {
  gitlabDeliveryApiRef,
  GitlabDeliveryEntityRef,
} from '../../api/GitlabDeliveryApi';
import { PermissionedActionButton } from './PermissionedActionButton';

/** "Sync now", shown only to users allowed to trigger a sync. @internal */
export function SyncNowButton(props: {
  entityRef?: GitlabDeliveryEntityRef;
  onDone?: () => void;
}) {
  const api = useApi(gitlabDeliveryApiRef);
  const { entityRef, onDone } = props;
  return (
    <PermissionedActionButton
      permission={gitlabDeliverySyncTriggerPermission}
      label="Sync now"
      ariaLabel={
        entityRef
          ? 'Sync now: fetch the latest merge requests of these projects from GitLab'
          : 'Sync now: fetch the latest merge requests of every project from GitLab'
      }
      icon={<SyncIcon />}
      successMessage="Sync started. New merge requests appear when it finishes."
      action={() => api.triggerSync(entityRef ? { entityRef } : undefined)}
      onDone={onDone}
    />
  );
}
