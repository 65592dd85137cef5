import { MergeRequestStateFilter } from '@delivery-insights/plugin-gitlab-delivery-common';
import NativeSelect from '@material-ui/core/NativeSelect';

const OPTIONS: Array<{ value: MergeRequestStateFilter; label: string }> = [
  { value: 'all', label: 'All states' },
  { value: 'opened', label: 'Open' },
  { value: 'draft', label: 'Draft' },
  { value: 'merged', label: 'Merged' },
  { value: 'closed', label: 'Closed' },
  { value: 'locked', label: 'Locked' },
];

/** Filters the merge request list by state. @internal */
export function StateFilterSelect(props: {
  value: MergeRequestStateFilter;
  onChange: (state: MergeRequestStateFilter) => void;
}) {
  return (
    <NativeSelect
      value={props.value}
      onChange={event =>
        props.onChange(event.target.value as MergeRequestStateFilter)
      }
      inputProps={{ 'aria-label': 'Filter merge requests by state' }}
    >
      {OPTIONS.map(option => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </NativeSelect>
  );
}
