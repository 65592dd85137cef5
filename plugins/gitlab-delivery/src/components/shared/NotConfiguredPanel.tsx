import { WarningPanel } from '@backstage/core-components';
import { NotConfigured } from '@delivery-insights/plugin-gitlab-delivery-common';
import { GitlabMissingAnnotation } from './GitlabMissingAnnotation';

/** Explains why the backend has no GitLab data for this entity. @internal */
export function NotConfiguredPanel(props: { notConfigured: NotConfigured }) {
  const { notConfigured } = props;
  if (notConfigured.reason === 'missing_annotation') {
    return <GitlabMissingAnnotation />;
  }
  const title =
    notConfigured.reason === 'unknown_instance'
      ? 'The GitLab instance of this entity is not configured'
      : 'The GitLab annotation of this entity cannot be used';
  return <WarningPanel title={title} message={notConfigured.message} />;
}
