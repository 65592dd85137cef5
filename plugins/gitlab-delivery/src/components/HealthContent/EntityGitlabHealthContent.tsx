import { useEntity } from '@backstage/plugin-catalog-react';
import { isGitlabDeliveryAvailable } from '@delivery-insights/plugin-gitlab-delivery-common';
import { GitlabMissingAnnotation } from '../shared/GitlabMissingAnnotation';
import { ConnectedHealthContent } from './ConnectedHealthContent';

/** Entity tab: sync status and health checks of the entity's GitLab projects. @internal */
export function EntityGitlabHealthContent() {
  const { entity } = useEntity();
  if (!isGitlabDeliveryAvailable(entity)) {
    return <GitlabMissingAnnotation />;
  }
  return <ConnectedHealthContent />;
}
