import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import ChevronLeft from '@material-ui/icons/ChevronLeft';
import ChevronRight from '@material-ui/icons/ChevronRight';

/** Previous and next page buttons for a cursor-paged list. @internal */
export function CursorPager(props: {
  /** What the pages are of, for screen readers; merge request pages unless set. */
  label?: string;
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  const { label, page, hasPrevious, hasNext, onPrevious, onNext } = props;
  return (
    <Box
      component="nav"
      aria-label={label ?? 'Merge request pages'}
      display="flex"
      alignItems="center"
      justifyContent="flex-end"
      paddingX={1}
    >
      <IconButton
        aria-label="Previous page"
        disabled={!hasPrevious}
        onClick={onPrevious}
        size="small"
      >
        <ChevronLeft />
      </IconButton>
      <Typography variant="body2" aria-live="polite">
        Page {page}
      </Typography>
      <IconButton
        aria-label="Next page"
        disabled={!hasNext}
        onClick={onNext}
        size="small"
      >
        <ChevronRight />
      </IconButton>
    </Box>
  );
}
