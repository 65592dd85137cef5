import { Content } from '@backstage/core-components';
import { GitlabDeliveryHealthOverview } from './GitlabDeliveryHealthOverview';

/** The admin page body for apps that draw the page header themselves. @internal */
export function HealthPageContent() {
  return (
    <Content>
      <GitlabDeliveryHealthOverview />
    </Content>
  );
}
