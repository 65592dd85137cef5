import { AutoSyncState } from '@delivery-insights/plugin-gitlab-delivery-common';
import { useEffect, useState } from 'react';

/**
 * A project's auto-sync as last switched here, until a reload of the page's
 * data brings a different one. @internal
 */
export function useAutoSyncState(
  loaded: AutoSyncState,
): [AutoSyncState, (state: AutoSyncState) => void] {
  const [state, setState] = useState(loaded);
  const { enabled, changedBy, changedAt } = loaded;
  useEffect(() => {
    setState({ enabled, changedBy, changedAt });
  }, [enabled, changedBy, changedAt]);
  return [state, setState];
}
