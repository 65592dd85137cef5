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
  // One tree whether or not the tabs show, so the health view is not loaded twice.
  return (
    <>
      {allowed && (
        <Tabs
          value={tab}
          onChange={(_, value) => setTab(value)}
          indicatorColor="primary"
          aria-label="GitLab admin views"
        >
          <Tab value="health" label="Health" />
          <Tab value="projects" label="Projects" />
        </Tabs>
      )}
      <Box paddingTop={allowed ? 2 : 0}>
        {allowed && tab === 'projects' ? (
          <ProjectDiscovery />
        ) : (
          <HealthOverviewData />
        )}
      </Box>
    </>
  );
}
