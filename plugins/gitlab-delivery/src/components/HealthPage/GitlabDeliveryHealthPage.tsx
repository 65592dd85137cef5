import { Content, Header, Page } from '@backstage/core-components';
import { GitlabDeliveryHealthOverview } from './GitlabDeliveryHealthOverview';

/** Admin page: the health of every GitLab instance and project. @internal */
export function GitlabDeliveryHealthPage() {
  return (
    <Page themeId="tool">
      <Header
        title="GitLab delivery health"
        subtitle="Every GitLab instance and project the delivery plugin syncs"
      />
      <Content>
        <GitlabDeliveryHealthOverview />
      </Content>
    </Page>
  );
}
