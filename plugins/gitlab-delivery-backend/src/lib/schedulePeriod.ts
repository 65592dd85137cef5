import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Duration } from 'luxon';

/**
 * The period of a schedule given as a frequency; 15 minutes for cron and
 * other triggers, whose period the plugin does not work out.
 * @internal
 */
export function schedulePeriod(
  schedule: SchedulerServiceTaskScheduleDefinition,
): Duration {
  const { frequency } = schedule;
  if (
    typeof frequency === 'object' &&
    !('cron' in frequency) &&
    !('trigger' in frequency)
  ) {
    const period = Duration.fromDurationLike(frequency);
    if (period.isValid && period.toMillis() > 0) return period;
  }
  return Duration.fromObject({ minutes: 15 });
}
