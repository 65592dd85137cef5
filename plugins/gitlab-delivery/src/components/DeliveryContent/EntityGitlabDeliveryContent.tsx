import { useEntity } from '@backstage/plugin-catalog-react';
import { isGitlabDeliveryAvailable } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DeliveryWindowDays } from '../../lib/deliveryWindow';
import { GitlabMissingAnnotation } from '../shared/GitlabMissingAnnotation';
import { ConnectedDeliveryContent } from './ConnectedDeliveryContent';

/** Props of the delivery tab. @public */
export interface EntityGitlabDeliveryContentProps {
  /** The window shown first; 90 days unless set. */
  defaultWindowDays?: DeliveryWindowDays;
  /** Path of the health tab on the entity page, for links; "gitlab-health" unless set. */
  healthTabPath?: string;
}

/** Entity tab: delivery metrics, trend charts, change summary, health and merge requests. @internal */
export function EntityGitlabDeliveryContent(
  props: EntityGitlabDeliveryContentProps,
) {
  const { entity } = useEntity();
  if (!isGitlabDeliveryAvailable(entity)) {
    return <GitlabMissingAnnotation />;
  }
  return <ConnectedDeliveryContent {...props} />;
}
