import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';

const useStyles = makeStyles(theme => ({
  // Two lines, then an ellipsis; the whole text is a click (or the tooltip) away.
  clamped: {
    display: '-webkit-box',
    WebkitBoxOrient: 'vertical',
    WebkitLineClamp: 2,
    overflow: 'hidden',
  },
  text: { overflowWrap: 'anywhere' },
  fix: { marginTop: theme.spacing(0.5) },
  term: { fontWeight: theme.typography.fontWeightMedium as number },
  toggle: {
    padding: 0,
    minWidth: 0,
    marginTop: theme.spacing(0.25),
    textTransform: 'none',
  },
}));

/** Longer than this, or with a fix to tell, the error is shortened at first. */
const SHORT_ENOUGH = 90;

/**
 * A project's last error in the admin table: two lines at first, with a
 * button that shows the whole message and how to fix it. @internal
 */
export function LastErrorCell(props: {
  message: string | null;
  remediation: string | null;
  project: string;
}) {
  const { message, remediation, project } = props;
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  if (!message) {
    return <>–</>;
  }
  const full = remediation
    ? `${message} How to fix it: ${remediation}`
    : message;
  const expandable = Boolean(remediation) || message.length > SHORT_ENOUGH;
  const open = expanded || !expandable;
  return (
    <div>
      <Typography
        variant="body2"
        className={`${classes.text} ${open ? '' : classes.clamped}`}
        title={open ? undefined : full}
      >
        {message}
      </Typography>
      {open && remediation && (
        <Typography
          variant="body2"
          className={`${classes.text} ${classes.fix}`}
        >
          <span className={classes.term}>How to fix it:</span> {remediation}
        </Typography>
      )}
      {expandable && (
        <Button
          size="small"
          color="primary"
          className={classes.toggle}
          aria-expanded={expanded}
          aria-label={`${
            expanded ? 'Show less' : 'Show all'
          } of the last error of ${project}`}
          onClick={() => setExpanded(value => !value)}
        >
          {expanded ? 'Show less' : 'Show all'}
        </Button>
      )}
    </div>
  );
}
