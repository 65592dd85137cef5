import { Link } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  item: { maxWidth: '100%' },
  chip: { maxWidth: '100%' },
  // A link drawn as a small outlined chip, like the size and state chips.
  link: {
    display: 'inline-flex',
    alignItems: 'center',
    boxSizing: 'border-box',
    maxWidth: '100%',
    height: 24,
    padding: theme.spacing(0, 1),
    borderRadius: 12,
    border: `1px solid ${
      theme.palette.type === 'light'
        ? 'rgba(0, 0, 0, 0.23)'
        : 'rgba(255, 255, 255, 0.23)'
    }`,
    fontSize: theme.typography.pxToRem(13),
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    color: theme.palette.primary.main,
    '&:hover, &:focus-visible': {
      backgroundColor: theme.palette.action.hover,
      textDecoration: 'none',
    },
  },
}));

/**
 * The chip text of a ticket: "#58" for an issue of the MR's own project,
 * whose full key ("group/project#58") would crowd the column; the key as it is
 * otherwise.
 */
function shortKey(ticket: RelatedTicket, projectPath?: string): string {
  if (
    ticket.kind === 'gitlab_issue' &&
    projectPath &&
    ticket.key.startsWith(`${projectPath}#`)
  ) {
    return ticket.key.slice(projectPath.length);
  }
  return ticket.key;
}

/**
 * The tickets an MR relates to, as chips that wrap; a chip links to the ticket
 * where a URL is known. Screen readers hear the full key. @internal
 */
export function RelatedTicketLinks(props: {
  tickets: RelatedTicket[];
  /** The MR's project: its own issues show as "#58". */
  projectPath?: string;
}) {
  const { tickets, projectPath } = props;
  const classes = useStyles();
  if (tickets.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        –
      </Typography>
    );
  }
  return (
    <ul className={classes.list} aria-label="Tickets">
      {tickets.map(ticket => {
        // Shortened only on links, whose aria-label carries the full key.
        const label = ticket.url ? shortKey(ticket, projectPath) : ticket.key;
        const shortened = label !== ticket.key;
        const tooltip = ticket.title
          ? `${ticket.key}: ${ticket.title}`
          : ticket.key;
        return (
          <li key={ticket.key} className={classes.item}>
            {ticket.url ? (
              <Link
                to={ticket.url}
                title={tooltip}
                aria-label={shortened ? ticket.key : undefined}
                className={classes.link}
              >
                {label}
              </Link>
            ) : (
              <Chip
                size="small"
                variant="outlined"
                label={label}
                title={tooltip}
                className={classes.chip}
              />
            )}
          </li>
        );
      })}
    </ul>
  );
}
