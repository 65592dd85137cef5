import { Progress } from '@backstage/core-components';
import { ComponentProps, lazy, Suspense } from 'react';
import type { DeliveryCharts } from './charts/DeliveryCharts';

// Loaded on first render of the tab, so the entity page does not pay for recharts.
const DeliveryChartsModule = lazy(() =>
  import('./charts/DeliveryCharts').then(m => ({ default: m.DeliveryCharts })),
);

/** The delivery charts, loaded on demand. @internal */
export function LazyDeliveryCharts(
  props: ComponentProps<typeof DeliveryCharts>,
) {
  return (
    <Suspense fallback={<Progress aria-label="Loading charts" />}>
      <DeliveryChartsModule {...props} />
    </Suspense>
  );
}
