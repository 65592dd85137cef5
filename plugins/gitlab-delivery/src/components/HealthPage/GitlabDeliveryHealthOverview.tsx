import { Progress, WarningPanel } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { gitlabDeliveryHealthReadPermission } from '@delivery-insights/plugin-gitlab-delivery-common';
import { HealthOverviewTabs } from './HealthOverviewTabs';

/** The admin health overview, for users allowed to read it. @internal */
export function GitlabDeliveryHealthOverview() {
  const { loading, allowed } = usePermission({
    permission: gitlabDeliveryHealthReadPermission,
  });
  if (loading) {
    return <Progress aria-label="Checking permissions" />;
  }
  if (!allowed) {
    return (
      <WarningPanel
        title="You are not allowed to see the GitLab integration health"
        message={`Ask an administrator for the ${gitlabDeliveryHealthReadPermission.name} permission.`}
      />
    );
  }
  return <HealthOverviewTabs />;
}
