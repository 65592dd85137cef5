import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { MetricsResponse } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DeliveryWindowDays } from '../../lib/deliveryWindow';
import { NotConfiguredPanel } from '../shared/NotConfiguredPanel';
import { WindowSelect } from '../shared/WindowSelect';
import { DeliveryMetricTiles } from './DeliveryMetricTiles';

/** True when the window holds no merge request activity at all. @internal */
export function isEmptyWindow(metrics: MetricsResponse): boolean {
  const mix = metrics.stateMix;
  return (
    metrics.throughput.total === 0 &&
    metrics.timeToMerge.count === 0 &&
    mix.open + mix.draft + mix.merged + mix.closed + mix.locked === 0
  );
}

function projectsSubheader(metrics: MetricsResponse | undefined) {
  if (!metrics || metrics.projects.length === 0) return undefined;
  return metrics.projects.map(p => p.path).join(', ');
}

/** The delivery metrics card, given the loaded metrics. @internal */
export function DeliveryMetricsCard(props: {
  loading: boolean;
  error?: Error;
  metrics?: MetricsResponse;
  windowDays: DeliveryWindowDays;
  onWindowChange: (days: DeliveryWindowDays) => void;
  tabLink?: string;
  wide?: boolean;
}) {
  const { loading, error, metrics, windowDays, onWindowChange, tabLink, wide } =
    props;

  let content;
  if (loading) {
    content = <Progress aria-label="Loading delivery metrics" />;
  } else if (error) {
    content = (
      <ResponseErrorPanel
        error={error}
        title="Could not load the delivery metrics"
      />
    );
  } else if (metrics?.notConfigured) {
    content = <NotConfiguredPanel notConfigured={metrics.notConfigured} />;
  } else if (!metrics || isEmptyWindow(metrics)) {
    content = (
      <EmptyState
        missing="data"
        title={`No merge requests in the last ${windowDays} days`}
        description="Try a longer window. If the project was added recently, its first sync may still be running: the GitLab health tab shows its progress."
      />
    );
  } else {
    content = (
      <DeliveryMetricTiles
        metrics={metrics}
        windowDays={windowDays}
        wide={wide}
      />
    );
  }

  return (
    <InfoCard
      title="GitLab delivery"
      subheader={projectsSubheader(metrics)}
      action={<WindowSelect value={windowDays} onChange={onWindowChange} />}
      deepLink={
        tabLink ? { link: tabLink, title: 'View delivery details' } : undefined
      }
    >
      {content}
    </InfoCard>
  );
}
