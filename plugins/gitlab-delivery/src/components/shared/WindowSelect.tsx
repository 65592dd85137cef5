import NativeSelect from '@material-ui/core/NativeSelect';
import { DELIVERY_WINDOWS, DeliveryWindowDays } from '../../lib/deliveryWindow';

/** Picks the metrics window: the last 7, 30 or 90 days. @internal */
export function WindowSelect(props: {
  value: DeliveryWindowDays;
  onChange: (days: DeliveryWindowDays) => void;
}) {
  return (
    <NativeSelect
      value={props.value}
      onChange={event =>
        props.onChange(Number(event.target.value) as DeliveryWindowDays)
      }
      inputProps={{ 'aria-label': 'Time window' }}
    >
      {DELIVERY_WINDOWS.map(days => (
        <option key={days} value={days}>
          Last {days} days
        </option>
      ))}
    </NativeSelect>
  );
}
