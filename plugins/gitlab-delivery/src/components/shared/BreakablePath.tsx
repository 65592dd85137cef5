import { Fragment } from 'react';

/**
 * A GitLab path ("group/subgroup/project") that wraps after its slashes, not
 * in the middle of a name, when its column is narrow. @internal
 */
export function BreakablePath(props: { path: string }) {
  const parts = props.path.split('/');
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 && (
            <>
              /<wbr />
            </>
          )}
        </Fragment>
      ))}
    </>
  );
}
