import { InfoCard } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import { InstanceHealth } from '@delivery-insights/plugin-gitlab-delivery-common';
import { worstStatus } from '../../lib/healthStatus';
import { HealthStatusLabel } from '../shared/HealthStatusLabel';
import { ConnectedByText, tokenInUseLabel } from '../shared/TokenInUse';
import { FactList } from './FactList';
import { HealthChecksTable } from './HealthChecksTable';
import { RateLimitText } from './RateLimitText';
import { TokenExpiryText } from './TokenExpiryText';

/** One GitLab instance: version, token facts and its checks. @internal */
export function InstanceHealthCard(props: { instance: InstanceHealth }) {
  const { instance } = props;
  const status = worstStatus(instance.checks.map(c => c.status));
  return (
    <InfoCard title={instance.host} subheader={instance.apiBaseUrl}>
      <FactList
        facts={[
          { label: 'Status', value: <HealthStatusLabel status={status} /> },
          { label: 'GitLab version', value: instance.version ?? 'unknown' },
          {
            label: 'Token',
            value: (
              <>
                {tokenInUseLabel(instance)}
                <ConnectedByText instance={instance} />
              </>
            ),
          },
          {
            label: 'Token expires',
            value: <TokenExpiryText instance={instance} />,
          },
          {
            label: 'Scopes',
            value:
              instance.tokenScopes.length > 0
                ? instance.tokenScopes.map(scope => (
                    <Chip key={scope} size="small" label={scope} />
                  ))
                : 'unknown',
          },
          {
            label: 'Rate limit',
            value: <RateLimitText rateLimit={instance.rateLimit} />,
          },
        ]}
      />
      <HealthChecksTable
        checks={instance.checks}
        caption={`Health checks of ${instance.host}`}
      />
    </InfoCard>
  );
}
