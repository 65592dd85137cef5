import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { MergeRequestStateFilter } from '@delivery-insights/plugin-gitlab-delivery-common';
import { useState } from 'react';
import { useMergeRequestPage } from '../../hooks/useMergeRequestPage';
import { NotConfiguredPanel } from '../shared/NotConfiguredPanel';
import { CursorPager } from './CursorPager';
import { MergeRequestsTable } from './MergeRequestsTable';
import { StateFilterSelect } from './StateFilterSelect';

/** The merge request card wired to the entity in context and the API. @internal */
export function ConnectedMergeRequestsCard(props: {
  pageSize?: number;
  defaultState?: MergeRequestStateFilter;
}) {
  const { entity } = useEntity();
  const [state, setState] = useState<MergeRequestStateFilter>(
    props.defaultState ?? 'all',
  );
  // Cursors of the pages visited so far; the last one is the current page.
  const [cursors, setCursors] = useState<Array<string | undefined>>([
    undefined,
  ]);
  const { loading, error, value } = useMergeRequestPage({
    entity,
    state,
    limit: props.pageSize ?? 10,
    cursor: cursors[cursors.length - 1],
  });

  const changeState = (next: MergeRequestStateFilter) => {
    setState(next);
    setCursors([undefined]);
  };

  let content;
  if (error) {
    content = (
      <ResponseErrorPanel
        error={error}
        title="Could not load the merge requests"
      />
    );
  } else if (value?.notConfigured) {
    content = <NotConfiguredPanel notConfigured={value.notConfigured} />;
  } else if (!value) {
    content = <Progress aria-label="Loading merge requests" />;
  } else {
    const nextCursor = value.nextCursor;
    content = (
      <>
        <MergeRequestsTable items={value.items} loading={loading} />
        <CursorPager
          page={cursors.length}
          hasPrevious={cursors.length > 1 && !loading}
          hasNext={Boolean(nextCursor) && !loading}
          onPrevious={() => setCursors(c => c.slice(0, -1))}
          onNext={() => nextCursor && setCursors(c => [...c, nextCursor])}
        />
      </>
    );
  }

  return (
    <InfoCard
      title="Merge requests"
      action={<StateFilterSelect value={state} onChange={changeState} />}
      noPadding
    >
      {content}
    </InfoCard>
  );
}
