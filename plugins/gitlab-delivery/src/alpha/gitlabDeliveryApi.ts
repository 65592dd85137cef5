import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { gitlabDeliveryApiRef } from '../api/GitlabDeliveryApi';
import { GitlabDeliveryClient } from '../api/GitlabDeliveryClient';

/** The gitlab-delivery client as an API extension. @alpha */
export const gitlabDeliveryApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: gitlabDeliveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GitlabDeliveryClient({ discoveryApi, fetchApi }),
    }),
});
