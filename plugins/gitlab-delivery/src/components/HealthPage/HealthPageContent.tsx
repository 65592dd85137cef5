import { Content } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { GitlabDeliveryHealthOverview } from './GitlabDeliveryHealthOverview';

/**
 * The admin page body for apps that draw the page header themselves (the new
 * frontend system, whose header shows the short nav title "GitLab health"):
 * what the page covers, then the overview. @internal
 */
export function HealthPageContent() {
  return (
    <Content>
      <Typography variant="body2" color="textSecondary" paragraph>
        Every GitLab instance and project the delivery plugin syncs, problems
        first.
      </Typography>
      <GitlabDeliveryHealthOverview />
    </Content>
  );
}
