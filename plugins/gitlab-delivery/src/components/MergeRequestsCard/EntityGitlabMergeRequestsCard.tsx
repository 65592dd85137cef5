import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  isGitlabDeliveryAvailable,
  MergeRequestStateFilter,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { GitlabMissingAnnotation } from '../shared/GitlabMissingAnnotation';
import { ConnectedMergeRequestsCard } from './ConnectedMergeRequestsCard';

/** Props of the merge request card. @public */
export interface EntityGitlabMergeRequestsCardProps {
  /** Merge requests per page; 10 unless set. */
  pageSize?: number;
  /** The state filter shown first; all states unless set. */
  defaultState?: MergeRequestStateFilter;
}

/** Entity card: the recent merge requests of the entity's GitLab projects. @internal */
export function EntityGitlabMergeRequestsCard(
  props: EntityGitlabMergeRequestsCardProps,
) {
  const { entity } = useEntity();
  if (!isGitlabDeliveryAvailable(entity)) {
    return (
      <InfoCard title="Merge requests">
        <GitlabMissingAnnotation />
      </InfoCard>
    );
  }
  return <ConnectedMergeRequestsCard {...props} />;
}
