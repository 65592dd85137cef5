import { formatDate, formatRelativeTime } from '../../lib/formatTime';

/** When the token expires, as a date and a relative time. @internal */
export function TokenExpiryText(props: { expiresAt: string | null }) {
  if (!props.expiresAt) {
    return <>no expiry date</>;
  }
  return (
    <>
      {formatDate(props.expiresAt)} ({formatRelativeTime(props.expiresAt)})
    </>
  );
}
