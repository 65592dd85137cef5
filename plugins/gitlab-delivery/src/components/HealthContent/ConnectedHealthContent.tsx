import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEntityHealth } from '../../hooks/useEntityHealth';
import { statusRank } from '../../lib/healthStatus';
import { NotConfiguredPanel } from '../shared/NotConfiguredPanel';
import { HealthActions } from './HealthActions';
import { InstanceHealthCard } from './InstanceHealthCard';
import { ProjectHealthCard } from './ProjectHealthCard';

/** The health tab wired to the entity in context and the API. @internal */
export function ConnectedHealthContent() {
  const { entity } = useEntity();
  const { loading, error, value, retry } = useEntityHealth(entity);
  const entityRef = stringifyEntityRef(entity);

  let body;
  if (loading && !value) {
    body = <Progress aria-label="Loading GitLab health" />;
  } else if (error) {
    body = (
      <ResponseErrorPanel error={error} title="Could not load GitLab health" />
    );
  } else if (value?.notConfigured) {
    body = <NotConfiguredPanel notConfigured={value.notConfigured} />;
  } else if (!value || value.projects.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No GitLab projects synced yet"
        description="The first sync starts shortly after the entity is added. Run a health check to test the connection now."
      />
    );
  } else {
    const projects = [...value.projects].sort(
      (a, b) => statusRank(a.status) - statusRank(b.status),
    );
    body = (
      <Grid container spacing={3}>
        {value.warnings.map(warning => (
          <Grid item xs={12} key={warning}>
            <WarningPanel title={warning} />
          </Grid>
        ))}
        <Grid item xs={12}>
          <Typography variant="h6" component="h2">
            Projects
          </Typography>
        </Grid>
        {projects.map(project => (
          <Grid item xs={12} key={`${project.host}/${project.path}`}>
            <ProjectHealthCard project={project} />
          </Grid>
        ))}
        {value.instances.length > 0 && (
          <Grid item xs={12}>
            <Typography variant="h6" component="h2">
              GitLab instances
            </Typography>
          </Grid>
        )}
        {value.instances.map(instance => (
          <Grid item xs={12} key={instance.host}>
            <InstanceHealthCard instance={instance} />
          </Grid>
        ))}
        {value.instancesHidden && (
          <Grid item xs={12}>
            <Typography variant="body2" color="textSecondary">
              The GitLab instances and the plugin's token are shown to
              administrators, with the permission gitlab-delivery.health.read.
            </Typography>
          </Grid>
        )}
      </Grid>
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <HealthActions entityRef={entityRef} onDone={retry} />
      </Grid>
      <Grid item xs={12}>
        {body}
      </Grid>
    </Grid>
  );
}
