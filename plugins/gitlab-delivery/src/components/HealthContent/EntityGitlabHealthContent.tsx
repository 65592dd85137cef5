import { useEntity } from '@backstage/plugin-catalog-react';
import { isGitlabDeliveryEntity } from '../../lib/isGitlabDeliveryEntity';
import { GitlabMissingAnnotation } from '../shared/GitlabMissingAnnotation';
import { ConnectedHealthContent } from './ConnectedHealthContent';

/** Entity tab: sync status and health checks of the entity's GitLab projects. @internal */
export function EntityGitlabHealthContent() {
  const { entity } = useEntity();
  if (!isGitlabDeliveryEntity(entity)) {
    return <GitlabMissingAnnotation />;
  }
  return <ConnectedHealthContent />;
}
