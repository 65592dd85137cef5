import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { gitlabDeliveryApiRef } from '../../api/GitlabDeliveryApi';
import { ProjectsDiscoveryTable } from './ProjectsDiscoveryTable';

const DISCOVERY_DOCS =
  'https://backstage.io/docs/integrations/gitlab/discovery';

/** The Projects tab: the GitLab projects of one configured instance at a time. @internal */
export function ProjectDiscovery() {
  const api = useApi(gitlabDeliveryApiRef);
  const { loading, error, value } = useAsync(() => api.getHealth(), [api]);
  const [chosen, setChosen] = useState<string>();

  if (loading) return <Progress aria-label="Loading GitLab instances" />;
  if (error) {
    return (
      <ResponseErrorPanel error={error} title="Could not load the instances" />
    );
  }
  const instances = value?.instances ?? [];
  const hosts = instances.map(i => i.host);
  // The health lists problems first: open on an instance that has a credential.
  const host =
    chosen ??
    instances.find(i => i.credential?.source !== 'none')?.host ??
    hosts[0];
  return (
    <>
      <Typography variant="body2" color="textSecondary" paragraph>
        The GitLab projects the instance’s token user is a member of. An
        untracked project needs an entity with its annotations: copy its
        catalog-info.yaml. With @backstage/plugin-catalog-backend-module-gitlab
        installed, the catalog can also{' '}
        <Link to={DISCOVERY_DOCS}>discover GitLab projects on its own</Link>.
      </Typography>
      {hosts.length > 1 && (
        <TextField
          id="gitlab-project-instance"
          select
          label="Instance"
          value={host}
          onChange={event => setChosen(event.target.value)}
          variant="outlined"
          size="small"
          margin="dense"
        >
          {hosts.map(h => (
            <MenuItem key={h} value={h}>
              {h}
            </MenuItem>
          ))}
        </TextField>
      )}
      {host ? (
        <ProjectsDiscoveryTable key={host} host={host} />
      ) : (
        <Typography>No GitLab instance is configured.</Typography>
      )}
    </>
  );
}
