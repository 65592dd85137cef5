import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import { gitlabDeliverySyncTriggerPermission } from '@delivery-insights/plugin-gitlab-delivery-common';
import { ReactNode, useState } from 'react';

/** A plugin permission that is not tied to a resource. @internal */
export type GitlabDeliveryBasicPermission =
  typeof gitlabDeliverySyncTriggerPermission;

/**
 * A button that starts an admin action; it renders nothing unless the
 * permission framework allows the action for the signed-in user.
 * @internal
 */
export function PermissionedActionButton(props: {
  permission: GitlabDeliveryBasicPermission;
  label: string;
  ariaLabel?: string;
  icon?: ReactNode;
  successMessage: string;
  /** The action; a message it returns replaces `successMessage` (a partial success). */
  action: () => Promise<string | void>;
  onDone?: () => void;
}) {
  const { permission, label, ariaLabel, icon, successMessage, action, onDone } =
    props;
  const alertApi = useApi(alertApiRef);
  const { allowed, loading } = usePermission({ permission });
  const [running, setRunning] = useState(false);

  if (loading || !allowed) {
    return null;
  }

  const run = async () => {
    setRunning(true);
    try {
      const warning = await action();
      alertApi.post(
        warning
          ? { message: warning, severity: 'warning' }
          : {
              message: successMessage,
              severity: 'success',
              display: 'transient',
            },
      );
      onDone?.();
    } catch (error) {
      alertApi.post({
        message: `${label} failed: ${(error as Error).message}`,
        severity: 'error',
      });
    } finally {
      setRunning(false);
    }
  };

  return (
    <Button
      variant="outlined"
      color="primary"
      size="small"
      startIcon={icon}
      disabled={running}
      aria-label={ariaLabel ?? label}
      onClick={run}
    >
      {running ? `${label}…` : label}
    </Button>
  );
}
