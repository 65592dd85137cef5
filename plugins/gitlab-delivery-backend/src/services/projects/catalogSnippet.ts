import {
  GITLAB_INSTANCE_ANNOTATION,
  GITLAB_PROJECT_SLUG_ANNOTATION,
} from '@delivery-insights/plugin-gitlab-delivery-common';

/** An entity name from a path segment: letters, digits, `-`, `_`, `.`, at most 63 characters. */
function entityName(segment: string): string {
  const name = segment
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 63)
    .replace(/[^a-z0-9]+$/, '');
  return name || 'project';
}

/**
 * A catalog-info.yaml that makes an entity track a GitLab project: the
 * project-slug annotation, and the instance annotation for any host but the
 * default (the first configured), as the catalog/ code reads them.
 * @internal
 */
export function catalogSnippet(options: {
  fullPath: string;
  host: string;
  defaultHost: string | undefined;
}): string {
  const { fullPath, host, defaultHost } = options;
  const segments = fullPath.split('/');
  const lines = [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${entityName(segments[segments.length - 1])}`,
    '  annotations:',
    `    ${GITLAB_PROJECT_SLUG_ANNOTATION}: ${fullPath}`,
    ...(host === defaultHost
      ? []
      : [`    ${GITLAB_INSTANCE_ANNOTATION}: ${host}`]),
    'spec:',
    '  type: service',
    '  lifecycle: production',
    `  owner: ${entityName(segments[0])}`,
  ];
  return `${lines.join('\n')}\n`;
}
