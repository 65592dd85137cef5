import Box from '@material-ui/core/Box';
import { GitlabDeliveryEntityRef } from '../../api/GitlabDeliveryApi';
import { RunHealthCheckButton } from '../shared/RunHealthCheckButton';
import { SyncNowButton } from '../shared/SyncNowButton';

/** The admin actions: "Sync now" and "Run health check", each shown only when allowed. @internal */
export function HealthActions(props: {
  entityRef?: GitlabDeliveryEntityRef;
  onDone?: () => void;
}) {
  return (
    <Box display="flex" justifyContent="flex-end" style={{ gap: 8 }}>
      <RunHealthCheckButton entityRef={props.entityRef} onDone={props.onDone} />
      <SyncNowButton entityRef={props.entityRef} onDone={props.onDone} />
    </Box>
  );
}
