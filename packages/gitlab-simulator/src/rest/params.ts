import type { Request } from 'express';

/** A string query parameter, or undefined. */
export function stringParam(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

/** A boolean query parameter as Grape reads it (`true`/`1`). */
export function boolParam(req: Request, name: string): boolean {
  const value = stringParam(req, name);
  return value === 'true' || value === '1';
}

/** An array query parameter given as `name[]=a&name[]=b`, `name=a,b` or `name=a`. */
export function arrayParam(req: Request, name: string): string[] {
  const value = req.query[name] ?? req.query[`${name}[]`];
  if (Array.isArray(value)) {
    return value.map(String);
  }
  if (typeof value === 'string' && value !== '') {
    return value.split(',');
  }
  return [];
}
