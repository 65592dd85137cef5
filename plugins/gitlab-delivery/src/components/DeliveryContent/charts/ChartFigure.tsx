import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

const useStyles = makeStyles({
  figure: { margin: 0 },
  // Visible to screen readers only: the chart's data in words.
  srOnly: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

/** Wraps a chart in a figure whose caption gives its data in words. @internal */
export function ChartFigure(props: {
  label: string;
  description: string;
  empty?: boolean;
  emptyText?: string;
  children: ReactNode;
}) {
  const classes = useStyles();
  const { label, description, empty, emptyText, children } = props;
  return (
    <figure className={classes.figure} aria-label={label}>
      {empty ? (
        <Typography variant="body2" color="textSecondary">
          {emptyText ?? 'No data in this window.'}
        </Typography>
      ) : (
        <div aria-hidden="true">{children}</div>
      )}
      <figcaption className={classes.srOnly}>{description}</figcaption>
    </figure>
  );
}
