import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(0, 0, 2, 0),
    ...theme.typography.body2,
  },
  term: { color: theme.palette.text.secondary },
  value: { margin: 0 },
}));

/** Label and value pairs as a description list. @internal */
export function FactList(props: {
  facts: Array<{ label: string; value: ReactNode }>;
}) {
  const classes = useStyles();
  return (
    <dl className={classes.list}>
      {props.facts.map(fact => (
        <div key={fact.label} style={{ display: 'contents' }}>
          <dt className={classes.term}>{fact.label}</dt>
          <dd className={classes.value}>{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}
