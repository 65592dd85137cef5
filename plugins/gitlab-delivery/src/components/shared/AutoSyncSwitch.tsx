import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import {
  AutoSyncState,
  gitlabDeliveryConnectionManagePermission,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { useState } from 'react';
import { gitlabDeliveryApiRef } from '../../api/GitlabDeliveryApi';

/**
 * A project's scheduled sync: a switch for users allowed to manage the
 * GitLab connection, "On" or "Off" for everyone else. A project GitLab has
 * not resolved yet (no id) cannot be switched until its first sync.
 * @internal
 */
export function AutoSyncSwitch(props: {
  host: string;
  projectId: number | null;
  path: string;
  state: AutoSyncState;
  onChange: (state: AutoSyncState) => void;
}) {
  const { host, projectId, path, state, onChange } = props;
  const api = useApi(gitlabDeliveryApiRef);
  const alertApi = useApi(alertApiRef);
  const { allowed, loading } = usePermission({
    permission: gitlabDeliveryConnectionManagePermission,
  });
  const [saving, setSaving] = useState(false);
  const label = state.enabled ? 'On' : 'Off';
  if (loading || !allowed) return <>{label}</>;

  const toggle = async (enabled: boolean) => {
    if (projectId === null) return;
    setSaving(true);
    try {
      onChange(await api.setAutoSync({ host, projectId, enabled }));
    } catch (error) {
      alertApi.post({
        message: `Could not turn auto-sync ${
          enabled ? 'on' : 'off'
        } for ${path}: ${(error as Error).message}`,
        severity: 'error',
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormControlLabel
      label={label}
      title={
        projectId === null
          ? 'Auto-sync can be switched after the first sync of the project'
          : undefined
      }
      control={
        <Switch
          size="small"
          color="primary"
          checked={state.enabled}
          disabled={saving || projectId === null}
          onChange={(_, checked) => toggle(checked)}
          inputProps={{ 'aria-label': `Scheduled sync of ${path}` }}
        />
      }
    />
  );
}
