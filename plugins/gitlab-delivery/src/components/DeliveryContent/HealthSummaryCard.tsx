import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useEntityHealth } from '../../hooks/useEntityHealth';
import { formatAbsoluteTime, formatRelativeTime } from '../../lib/formatTime';
import { statusRank } from '../../lib/healthStatus';
import { useEntityTabLink } from '../DeliveryCard/useEntityTabLink';
import { HealthStatusLabel } from '../shared/HealthStatusLabel';
import { NotConfiguredPanel } from '../shared/NotConfiguredPanel';

/** A short health panel for the delivery tab: one line per project. @internal */
export function HealthSummaryCard(props: { healthTabPath?: string }) {
  const { entity } = useEntity();
  const { loading, error, value } = useEntityHealth(entity);
  const healthLink = useEntityTabLink(
    entity,
    props.healthTabPath ?? 'gitlab-health',
  );

  let content;
  if (loading) {
    content = <Progress aria-label="Loading GitLab health" />;
  } else if (error) {
    content = (
      <ResponseErrorPanel error={error} title="Could not load GitLab health" />
    );
  } else if (value?.notConfigured) {
    content = <NotConfiguredPanel notConfigured={value.notConfigured} />;
  } else if (!value || value.projects.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        No GitLab projects are synced for this entity yet.
      </Typography>
    );
  } else {
    const projects = [...value.projects].sort(
      (a, b) => statusRank(a.status) - statusRank(b.status),
    );
    content = (
      <List dense disablePadding aria-label="GitLab projects">
        {projects.map(project => (
          <ListItem key={`${project.host}/${project.path}`} disableGutters>
            <ListItemText
              primary={
                <>
                  <HealthStatusLabel status={project.status} /> {project.path}
                </>
              }
              secondary={
                <span title={formatAbsoluteTime(project.lastSuccessAt)}>
                  {project.mergeRequestCount} MRs · last successful sync{' '}
                  {formatRelativeTime(project.lastSuccessAt)}
                  {project.lastErrorMessage
                    ? ` · ${project.lastErrorMessage}`
                    : ''}
                </span>
              }
            />
          </ListItem>
        ))}
      </List>
    );
  }

  return (
    <InfoCard
      title="GitLab health"
      deepLink={{ link: healthLink, title: 'View health details' }}
    >
      {content}
    </InfoCard>
  );
}
