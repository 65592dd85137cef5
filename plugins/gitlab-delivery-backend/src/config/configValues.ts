import { Config } from '@backstage/config';

/** A configuration mistake, reported in health instead of stopping the backend. @internal */
export interface ConfigProblem {
  host?: string;
  key: string;
  message: string;
  /** Default: an error when the problem concerns one instance, else a warning. */
  severity?: 'error' | 'warning';
}

/** The message of an error, or the value as text. @internal */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A positive number under `gitlabDelivery`, or the fallback with a problem
 * naming the key when it is not one.
 * @internal
 */
export function positive(
  config: Config | undefined,
  key: string,
  fallback: number,
  problems: ConfigProblem[],
  orZero = false,
): number {
  if (!config) return fallback;
  try {
    const value = config.getOptionalNumber(key);
    if (value === undefined) return fallback;
    if (value > 0 || (orZero && value === 0)) return value;
    problems.push({
      key: `gitlabDelivery.${key}`,
      message: `gitlabDelivery.${key} must be a ${
        orZero ? 'non-negative' : 'positive'
      } number; using ${fallback}`,
    });
  } catch (error) {
    problems.push({ key: `gitlabDelivery.${key}`, message: errorText(error) });
  }
  return fallback;
}
