import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { TrendIndicator } from '../shared/TrendIndicator';
import { Trend } from '../../lib/trend';

const useStyles = makeStyles(theme => ({
  tile: {
    height: '100%',
    padding: theme.spacing(1.5),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.divider}`,
  },
  value: { fontWeight: theme.typography.fontWeightBold as number },
}));

/** One headline metric: its value, a detail line and the trend. @internal */
export function MetricTile(props: {
  id: string;
  title: string;
  value: string;
  detail: string;
  trend: Trend | undefined;
}) {
  const { id, title, value, detail, trend } = props;
  const classes = useStyles();
  const titleId = `gitlab-delivery-metric-${id}`;
  return (
    <Box
      className={classes.tile}
      role="group"
      aria-labelledby={titleId}
      data-testid={`metric-${id}`}
    >
      <Typography id={titleId} variant="overline" color="textSecondary">
        {title}
      </Typography>
      <Typography variant="h5" component="p" className={classes.value}>
        {value}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {detail}
      </Typography>
      <TrendIndicator trend={trend} />
    </Box>
  );
}
