import { InfoCard, Link, WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ProjectHealth } from '@delivery-insights/plugin-gitlab-delivery-common';
import { useAutoSyncState } from '../../hooks/useAutoSyncState';
import { autoSyncOfHealth, autoSyncOffText } from '../../lib/autoSync';
import { formatAbsoluteTime, formatRelativeTime } from '../../lib/formatTime';
import { AutoSyncSwitch } from '../shared/AutoSyncSwitch';
import { FirstSyncProgress } from '../shared/FirstSyncProgress';
import { HealthStatusLabel } from '../shared/HealthStatusLabel';
import { FactList } from './FactList';
import { HealthChecksTable } from './HealthChecksTable';

function timeFact(iso: string | null) {
  return <span title={formatAbsoluteTime(iso)}>{formatRelativeTime(iso)}</span>;
}

/** One project's sync status, last error with its fix, and its checks. @internal */
export function ProjectHealthCard(props: { project: ProjectHealth }) {
  const { project } = props;
  const [autoSync, setAutoSync] = useAutoSyncState(autoSyncOfHealth(project));
  const offText = autoSyncOffText(autoSync);
  const title = project.webUrl ? (
    <Link to={project.webUrl}>{project.path}</Link>
  ) : (
    project.path
  );
  return (
    <InfoCard title={title} subheader={project.host}>
      {project.firstSync && <FirstSyncProgress progress={project.firstSync} />}
      <FactList
        facts={[
          {
            label: 'Status',
            value: <HealthStatusLabel status={project.status} />,
          },
          {
            label: 'Auto-sync',
            value: (
              <AutoSyncSwitch
                host={project.host}
                projectId={project.projectId}
                path={project.path}
                state={autoSync}
                onChange={setAutoSync}
              />
            ),
          },
          { label: 'Last sync', value: timeFact(project.lastAttemptAt) },
          { label: 'Last success', value: timeFact(project.lastSuccessAt) },
          { label: 'Merge requests', value: project.mergeRequestCount },
        ]}
      />
      {offText && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {offText}
        </Typography>
      )}
      {project.lastErrorMessage && (
        <WarningPanel
          severity={project.status === 'error' ? 'error' : 'warning'}
          title={`Last error: ${project.lastErrorMessage}`}
          message={
            project.remediation
              ? `How to fix it: ${project.remediation}`
              : undefined
          }
          defaultExpanded
        >
          {project.lastErrorCode && <code>{project.lastErrorCode}</code>}
        </WarningPanel>
      )}
      <HealthChecksTable
        checks={project.checks}
        caption={`Health checks of ${project.path}`}
      />
    </InfoCard>
  );
}
