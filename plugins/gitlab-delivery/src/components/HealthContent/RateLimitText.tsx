import { InstanceHealth } from '@delivery-insights/plugin-gitlab-delivery-common';

/** The rate-limit headroom: requests left of the limit, and the share left. @internal */
export function RateLimitText(props: {
  rateLimit: InstanceHealth['rateLimit'];
}) {
  const { rateLimit } = props;
  if (!rateLimit || rateLimit.limit <= 0) {
    return <>not reported</>;
  }
  const percent = Math.round((rateLimit.remaining / rateLimit.limit) * 100);
  return (
    <>
      {rateLimit.remaining} of {rateLimit.limit} requests left ({percent}%)
    </>
  );
}
