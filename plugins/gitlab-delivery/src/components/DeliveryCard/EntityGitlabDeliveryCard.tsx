import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isGitlabDeliveryAvailable } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DeliveryWindowDays } from '../../lib/deliveryWindow';
import { GitlabMissingAnnotation } from '../shared/GitlabMissingAnnotation';
import { ConnectedDeliveryCard } from './ConnectedDeliveryCard';

/** Props of the delivery card. @public */
export interface EntityGitlabDeliveryCardProps {
  /** The window shown first; 30 days unless set. */
  defaultWindowDays?: DeliveryWindowDays;
  /** Path of the delivery tab on the entity page, for the card's link; "gitlab-delivery" unless set. */
  deliveryTabPath?: string;
}

/** Entity card: the headline delivery metrics of the entity's GitLab projects. @internal */
export function EntityGitlabDeliveryCard(props: EntityGitlabDeliveryCardProps) {
  const { entity } = useEntity();
  if (!isGitlabDeliveryAvailable(entity)) {
    return (
      <InfoCard title="GitLab delivery">
        <GitlabMissingAnnotation />
      </InfoCard>
    );
  }
  return <ConnectedDeliveryCard {...props} />;
}
