import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  darken,
  getContrastRatio,
  lighten,
  makeStyles,
  Theme,
} from '@material-ui/core/styles';
import ArrowDownward from '@material-ui/icons/ArrowDownward';
import ArrowUpward from '@material-ui/icons/ArrowUpward';
import TrendingFlat from '@material-ui/icons/TrendingFlat';
import { Trend } from '../../lib/trend';

/**
 * The theme's colour, darkened (light themes) or lightened (dark themes) until
 * small text in it reads on the card: MUI's default green on white is 2.8:1,
 * the dark theme's red on its cards 3:1; WCAG AA asks 4.5:1.
 */
function readable(theme: Theme, color: string): string {
  const background = theme.palette.background.paper;
  const shift = theme.palette.type === 'dark' ? lighten : darken;
  for (let amount = 0; amount <= 0.6; amount += 0.05) {
    const candidate = amount === 0 ? color : shift(color, amount);
    if (getContrastRatio(candidate, background) >= 4.5) return candidate;
  }
  return theme.palette.text.primary;
}

const useStyles = makeStyles(theme => ({
  better: { color: readable(theme, theme.palette.success.main) },
  worse: { color: readable(theme, theme.palette.error.main) },
  neutral: { color: theme.palette.text.secondary },
  icon: { fontSize: '1rem', marginRight: theme.spacing(0.5) },
  previous: { color: theme.palette.text.secondary, whiteSpace: 'nowrap' },
}));

/**
 * An arrow for the direction a metric moved, green when that is better and red
 * when worse, the change in a few words ("28% faster", "15× slower") and the
 * previous value, with the whole sentence for screen readers and tooltips.
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
        {trend.text}
        {trend.previousText && trend.direction !== 'flat' && (
          <span className={classes.previous}> · was {trend.previousText}</span>
        )}
      </Typography>
    </Box>
  );
}
