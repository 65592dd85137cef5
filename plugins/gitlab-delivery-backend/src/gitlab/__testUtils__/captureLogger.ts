import { LoggerService } from '@backstage/backend-plugin-api';

/** A logger that keeps every line, message and metadata, as text. */
export function captureLogger(): { logger: LoggerService; lines: string[] } {
  const lines: string[] = [];
  const make = (prefix: string): LoggerService => {
    const write =
      (level: string) => (message: string, meta?: Error | object) => {
        lines.push(
          `${level} ${prefix}${message}${
            meta === undefined
              ? ''
              : ` ${
                  meta instanceof Error
                    ? `${meta.message} ${meta.stack}`
                    : JSON.stringify(meta)
                }`
          }`,
        );
      };
    return {
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
      child: meta => make(`${prefix}${JSON.stringify(meta)} `),
    };
  };
  return { logger: make(''), lines };
}
