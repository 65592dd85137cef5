import { CodeSnippet } from '@backstage/core-components';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  GITLAB_INSTANCE_ANNOTATION,
  GITLAB_PROJECT_SLUG_ANNOTATION,
} from '@delivery-insights/plugin-gitlab-delivery-common';

const EXAMPLE = `metadata:
  annotations:
    ${GITLAB_PROJECT_SLUG_ANNOTATION}: group/project
    # only for a GitLab host other than the first one configured:
    ${GITLAB_INSTANCE_ANNOTATION}: gitlab.example.com`;

/** Tells the user which GitLab annotation to add to the entity. @internal */
export function GitlabMissingAnnotation() {
  return (
    <>
      <MissingAnnotationEmptyState
        annotation={GITLAB_PROJECT_SLUG_ANNOTATION}
      />
      <Box paddingX={2} paddingBottom={2}>
        <Typography variant="body2">
          Write the project's full path, with its group and subgroups, exactly
          as it appears in GitLab:
        </Typography>
        <CodeSnippet text={EXAMPLE} language="yaml" />
      </Box>
    </>
  );
}
