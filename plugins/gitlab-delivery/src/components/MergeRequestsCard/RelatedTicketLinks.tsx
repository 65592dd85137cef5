import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';

/** The tickets an MR relates to, as links where a URL is known. @internal */
export function RelatedTicketLinks(props: { tickets: RelatedTicket[] }) {
  const { tickets } = props;
  if (tickets.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        –
      </Typography>
    );
  }
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      {tickets.map(ticket =>
        ticket.url ? (
          <Link key={ticket.key} to={ticket.url} title={ticket.title}>
            {ticket.key}
          </Link>
        ) : (
          <Typography key={ticket.key} variant="body2" title={ticket.title}>
            {ticket.key}
          </Typography>
        ),
      )}
    </Box>
  );
}
