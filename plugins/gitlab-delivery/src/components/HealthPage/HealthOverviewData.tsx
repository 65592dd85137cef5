import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { gitlabDeliveryApiRef } from '../../api/GitlabDeliveryApi';
import { HealthActions } from '../HealthContent/HealthActions';
import { ConnectionNotice } from './ConnectionNotice';
import { InstancesTable } from './InstancesTable';
import { ProjectsTable } from './ProjectsTable';

/** Loads and shows the health of every instance and project. @internal */
export function HealthOverviewData() {
  const api = useApi(gitlabDeliveryApiRef);
  const { loading, error, value, retry } = useAsyncRetry(
    () => api.getHealth(),
    [api],
  );

  let body;
  if (loading && !value) {
    body = <Progress aria-label="Loading GitLab health" />;
  } else if (error) {
    body = (
      <ResponseErrorPanel error={error} title="Could not load GitLab health" />
    );
  } else if (value) {
    body = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InstancesTable instances={value.instances} onChange={retry} />
        </Grid>
        <Grid item xs={12}>
          <ProjectsTable projects={value.projects} />
        </Grid>
      </Grid>
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ConnectionNotice />
      </Grid>
      <Grid item xs={12}>
        <HealthActions onDone={retry} />
      </Grid>
      <Grid item xs={12}>
        {body}
      </Grid>
    </Grid>
  );
}
