import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowDownward from '@material-ui/icons/ArrowDownward';
import ArrowUpward from '@material-ui/icons/ArrowUpward';
import TrendingFlat from '@material-ui/icons/TrendingFlat';
import { Trend } from '../../lib/trend';

const useStyles = makeStyles(theme => ({
  better: { color: theme.palette.success.main },
  worse: { color: theme.palette.error.main },
  neutral: { color: theme.palette.text.secondary },
  icon: { fontSize: '1rem', marginRight: theme.spacing(0.5) },
}));

/**
 * An arrow for the direction a metric moved, green when that is better and red
 * when worse, with the change in words for screen readers and tooltips.
 * @internal
 */
export function TrendIndicator(props: { trend: Trend | undefined }) {
  const classes = useStyles();
  const { trend } = props;
  if (!trend) {
    return (
      <Typography variant="caption" color="textSecondary">
        No earlier data to compare
      </Typography>
    );
  }
  let Icon = TrendingFlat;
  if (trend.direction === 'up') Icon = ArrowUpward;
  if (trend.direction === 'down') Icon = ArrowDownward;
  return (
    <Box
      display="inline-flex"
      alignItems="center"
      className={classes[trend.sentiment]}
      role="img"
      aria-label={trend.label}
      title={trend.label}
      data-direction={trend.direction}
      data-sentiment={trend.sentiment}
    >
      <Icon className={classes.icon} aria-hidden="true" />
      <Typography variant="caption" color="inherit" aria-hidden="true">
        {trend.direction === 'flat' ? 'no change' : `${trend.percent}%`}
      </Typography>
    </Box>
  );
}
