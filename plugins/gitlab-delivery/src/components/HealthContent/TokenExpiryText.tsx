import { InstanceHealth } from '@delivery-insights/plugin-gitlab-delivery-common';
import { formatDate, formatRelativeTime } from '../../lib/formatTime';

/** When the instance's token expires, as a date and a relative time. @internal */
export function TokenExpiryText(props: {
  instance: Pick<InstanceHealth, 'tokenExpiresAt' | 'credential'>;
}) {
  const { tokenExpiresAt, credential } = props.instance;
  if (credential?.source === 'none') return <>no token</>;
  if (!tokenExpiresAt) return <>no expiry date</>;
  return (
    <>
      {formatDate(tokenExpiresAt)} ({formatRelativeTime(tokenExpiresAt)})
    </>
  );
}
