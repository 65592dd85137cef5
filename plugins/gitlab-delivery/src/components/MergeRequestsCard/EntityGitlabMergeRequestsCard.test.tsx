import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { annotatedEntity, plainEntity } from '../../__testUtils__/entities';
import { mockElementWidth } from '../../__testUtils__/layout';
import { createMergeRequest } from '../../__testUtils__/mergeRequests';
import {
  createMockApi,
  pending,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { EntityGitlabMergeRequestsCard } from './EntityGitlabMergeRequestsCard';

const page = (
  items = [createMergeRequest()],
  nextCursor: string | null = null,
) => ({
  entityRef: 'component:default/shop',
  items,
  nextCursor,
});

describe('EntityGitlabMergeRequestsCard', () => {
  it('shows progress while loading', async () => {
    const api = createMockApi();
    api.getMergeRequests.mockReturnValue(pending());
    await renderWithEntity(<EntityGitlabMergeRequestsCard />, {
      api,
      entity: annotatedEntity,
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('lists merge requests with state, draft, link, author, size and tickets', async () => {
    const api = createMockApi();
    api.getMergeRequests.mockResolvedValue(
      page([
        createMergeRequest({ iid: 7 }),
        createMergeRequest({
          iid: 8,
          title: 'WIP: new payment provider',
          state: 'opened',
          draft: true,
          mergedAt: null,
          timeToMergeSeconds: null,
          sizeBucket: 'XL',
          relatedTickets: [],
          author: 'carol',
        }),
      ]),
    );
    await renderWithEntity(<EntityGitlabMergeRequestsCard />, {
      api,
      entity: annotatedEntity,
    });

    const link = await screen.findByRole('link', {
      name: /^Add checkout step 7/,
    });
    expect(link).toHaveAttribute(
      'href',
      'https://gitlab.com/acme/shop/-/merge_requests/7',
    );
    const mergedRow = link.closest('tr')!;
    expect(within(mergedRow).getByText('Merged')).toBeInTheDocument();
    expect(within(mergedRow).getByText('alice')).toBeInTheDocument();
    expect(within(mergedRow).getByText('2d 2h')).toBeInTheDocument();
    expect(within(mergedRow).getByText('M')).toBeInTheDocument();
    expect(
      within(mergedRow).getByRole('link', { name: /^SHOP-12/ }),
    ).toHaveAttribute('href', 'https://jira.example.com/browse/SHOP-12');

    const draftRow = screen
      .getByRole('link', { name: /^WIP: new payment provider/ })
      .closest('tr')!;
    expect(within(draftRow).getByText('Open')).toBeInTheDocument();
    expect(within(draftRow).getByText('Draft')).toBeInTheDocument();
    expect(within(draftRow).getByText('carol')).toBeInTheDocument();
    expect(within(draftRow).getByText('XL')).toBeInTheDocument();
  });

  it('has column headers', async () => {
    const api = createMockApi();
    api.getMergeRequests.mockResolvedValue(page());
    await renderWithEntity(<EntityGitlabMergeRequestsCard />, {
      api,
      entity: annotatedEntity,
    });
    await screen.findByRole('link', { name: /^Add checkout step 7/ });
    for (const name of [
      'State',
      'Title',
      'Author',
      'Age',
      'Time to merge',
      'Size',
      'Tickets',
    ]) {
      expect(screen.getByRole('columnheader', { name })).toBeInTheDocument();
    }
  });

  describe('in a narrow card, as in the main column of the Overview', () => {
    let widthSpy: ReturnType<typeof mockElementWidth>;
    beforeEach(() => {
      widthSpy = mockElementWidth(700);
    });
    afterEach(() => widthSpy.mockRestore());

    it('folds author and age into a line under the title', async () => {
      const api = createMockApi();
      api.getMergeRequests.mockResolvedValue(page());
      await renderWithEntity(<EntityGitlabMergeRequestsCard />, {
        api,
        entity: annotatedEntity,
      });
      const link = await screen.findByRole('link', {
        name: /^Add checkout step 7/,
      });
      expect(
        screen.getAllByRole('columnheader').map(h => h.textContent),
      ).toEqual(['State', 'Merge request', 'Time to merge', 'Size', 'Tickets']);
      const titleCell = link.closest('td')!;
      expect(within(titleCell).getByText('alice')).toBeInTheDocument();
      expect(titleCell).toHaveTextContent(
        /^Add checkout step 7.*acme\/shop!7 · alice · opened \d+d( \d+h)? ago$/,
      );
      expect(within(titleCell).getByTitle(/^Opened /)).toBeInTheDocument();
    });
  });

  it('shows tickets as chips, an issue of the same project as #iid', async () => {
    const api = createMockApi();
    api.getMergeRequests.mockResolvedValue(
      page([
        createMergeRequest({
          relatedTickets: [
            {
              kind: 'gitlab_issue',
              key: 'acme/shop#58',
              title: 'Checkout fails on Safari',
              url: 'https://gitlab.com/acme/shop/-/issues/58',
            },
            {
              kind: 'gitlab_issue',
              key: 'acme/payments#3',
              url: 'https://gitlab.com/acme/payments/-/issues/3',
            },
            { kind: 'jira', key: 'SHOP-12' },
          ],
        }),
      ]),
    );
    await renderWithEntity(<EntityGitlabMergeRequestsCard />, {
      api,
      entity: annotatedEntity,
    });
    const tickets = await screen.findByRole('list', { name: 'Tickets' });
    const items = within(tickets).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      '#58, Opens in a new window',
      'acme/payments#3, Opens in a new window',
      'SHOP-12',
    ]);
    // The short chip still says which issue it is.
    const own = within(tickets).getByRole('link', { name: /^acme\/shop#58/ });
    expect(own).toHaveAttribute(
      'href',
      'https://gitlab.com/acme/shop/-/issues/58',
    );
    expect(own).toHaveAttribute(
      'title',
      'acme/shop#58: Checkout fails on Safari',
    );
  });

  it('pages forward with the cursor and back again', async () => {
    const api = createMockApi();
    api.getMergeRequests.mockImplementation(async ({ cursor }) =>
      cursor === 'page-2'
        ? page([createMergeRequest({ iid: 2 })], null)
        : page([createMergeRequest({ iid: 1 })], 'page-2'),
    );
    await renderWithEntity(<EntityGitlabMergeRequestsCard pageSize={1} />, {
      api,
      entity: annotatedEntity,
    });
    await screen.findByRole('link', { name: /^Add checkout step 1/ });
    expect(
      screen.getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(
      await screen.findByRole('link', { name: /^Add checkout step 2/ }),
    ).toBeInTheDocument();
    expect(api.getMergeRequests).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: 'page-2', limit: 1, state: 'all' }),
    );
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(
      await screen.findByRole('link', { name: /^Add checkout step 1/ }),
    ).toBeInTheDocument();
  });

  it('filters by state', async () => {
    const api = createMockApi();
    api.getMergeRequests.mockResolvedValue(page());
    await renderWithEntity(<EntityGitlabMergeRequestsCard />, {
      api,
      entity: annotatedEntity,
    });
    await screen.findByRole('link', { name: /^Add checkout step 7/ });
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Filter merge requests by state' }),
      'draft',
    );
    await waitFor(() =>
      expect(api.getMergeRequests).toHaveBeenLastCalledWith(
        expect.objectContaining({ state: 'draft', cursor: undefined }),
      ),
    );
  });

  it('says so when no merge request matches', async () => {
    const api = createMockApi();
    api.getMergeRequests.mockResolvedValue(page([]));
    await renderWithEntity(<EntityGitlabMergeRequestsCard />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText('No merge requests match this filter.'),
    ).toBeInTheDocument();
  });

  it('shows the error in a panel', async () => {
    const api = createMockApi();
    api.getMergeRequests.mockRejectedValue(new Error('Database is locked'));
    await renderWithEntity(<EntityGitlabMergeRequestsCard />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText(/Could not load the merge requests/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Database is locked/).length).toBeGreaterThan(0);
  });

  it('tells the user which annotation to add when the entity has none', async () => {
    const api = createMockApi();
    await renderWithEntity(<EntityGitlabMergeRequestsCard />, {
      api,
      entity: plainEntity,
    });
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(api.getMergeRequests).not.toHaveBeenCalled();
  });

  it('shows why the backend cannot use the annotation', async () => {
    const api = createMockApi();
    api.getMergeRequests.mockResolvedValue({
      ...page([]),
      notConfigured: {
        reason: 'invalid_annotation',
        message:
          '"shop" in gitlab.com/project-slug is not a GitLab project path',
      },
    });
    await renderWithEntity(<EntityGitlabMergeRequestsCard />, {
      api,
      entity: annotatedEntity,
    });
    expect(await screen.findByText(/cannot be used/)).toBeInTheDocument();
    expect(
      screen.getByText(/is not a GitLab project path/),
    ).toBeInTheDocument();
  });
});
