import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { gitlabDeliveryConnectionManagePermission } from '@delivery-insights/plugin-gitlab-delivery-common';
import { useState } from 'react';
import { HealthOverviewData } from './HealthOverviewData';
import { ProjectDiscovery } from './ProjectDiscovery';

/**
 * The admin page's tabs: the health of everything, and, for users allowed
 * to manage the GitLab connection, the projects GitLab has. @internal
 */
export function HealthOverviewTabs() {
  const { allowed } = usePermission({
    permission: gitlabDeliveryConnectionManagePermission,
  });
  const [tab, setTab] = useState<'health' | 'projects'>('health');
  if (!allowed) return <HealthOverviewData />;
  return (
    <>
      <Tabs
        value={tab}
        onChange={(_, value) => setTab(value)}
        indicatorColor="primary"
        aria-label="GitLab admin views"
      >
        <Tab value="health" label="Health" />
        <Tab value="projects" label="Projects" />
      </Tabs>
      <Box paddingTop={2}>
        {tab === 'health' ? <HealthOverviewData /> : <ProjectDiscovery />}
      </Box>
    </>
  );
}
