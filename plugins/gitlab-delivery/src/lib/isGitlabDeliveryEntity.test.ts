import {
  annotatedEntity,
  plainEntity,
  systemEntity,
} from '../__testUtils__/entities';
import { isGitlabDeliveryEntity } from './isGitlabDeliveryEntity';

describe('isGitlabDeliveryEntity', () => {
  it('is true for entities with a GitLab project annotation', () => {
    expect(isGitlabDeliveryEntity(annotatedEntity)).toBe(true);
    expect(
      isGitlabDeliveryEntity({
        ...plainEntity,
        metadata: {
          name: 'ledger',
          annotations: { 'gitlab.com/project-id': '9' },
        },
      }),
    ).toBe(true);
  });

  it('is true for systems, whose projects come from their components', () => {
    expect(isGitlabDeliveryEntity(systemEntity)).toBe(true);
  });

  it('is false for other entities without the annotations', () => {
    expect(isGitlabDeliveryEntity(plainEntity)).toBe(false);
  });
});
