import { Entity } from '@backstage/catalog-model';
import { isGitlabDeliveryAvailable } from './annotations';

function entity(kind: string, annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'shop', annotations },
  };
}

describe('isGitlabDeliveryAvailable', () => {
  it('is true for entities with a GitLab project annotation', () => {
    expect(
      isGitlabDeliveryAvailable(
        entity('Component', { 'gitlab.com/project-slug': 'acme/shop' }),
      ),
    ).toBe(true);
    expect(
      isGitlabDeliveryAvailable(
        entity('Component', { 'gitlab.com/project-id': '9' }),
      ),
    ).toBe(true);
  });

  it('is true for systems, whose projects come from their components', () => {
    expect(isGitlabDeliveryAvailable(entity('System'))).toBe(true);
    expect(isGitlabDeliveryAvailable(entity('system'))).toBe(true);
  });

  it('is false for other entities without the annotations', () => {
    expect(isGitlabDeliveryAvailable(entity('Component'))).toBe(false);
    expect(
      isGitlabDeliveryAvailable(
        entity('Component', { 'gitlab.com/instance': 'gitlab.example.com' }),
      ),
    ).toBe(false);
    expect(
      isGitlabDeliveryAvailable(
        entity('API', { 'gitlab.com/project-slug': '' }),
      ),
    ).toBe(false);
  });
});
