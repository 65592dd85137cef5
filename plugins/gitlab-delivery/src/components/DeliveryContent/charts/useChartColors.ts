import { useTheme } from '@material-ui/core/styles';

/** Chart colours from the active theme, so charts read well in light and dark mode. @internal */
export function useChartColors() {
  const theme = useTheme();
  return {
    primary: theme.palette.primary.main,
    secondary: theme.palette.secondary.main,
    text: theme.palette.text.secondary,
    grid: theme.palette.divider,
    tooltipBackground: theme.palette.background.paper,
    tooltipText: theme.palette.text.primary,
  };
}
