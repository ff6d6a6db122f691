/**
 * When a platform's request arrived, stamped first thing on its route, so a handler can
 * tell how long the request waited before it got its turn (answer admission,
 * src/app/admission.ts). Monotonic milliseconds (performance.now()).
 */
import type { NextFunction, Request, Response } from 'express';

const arrivals = new WeakMap<Request, number>();

/** Express middleware: stamps the request's arrival. */
export function stampArrival(req: Request, _res: Response, next: NextFunction): void {
  arrivals.set(req, performance.now());
  next();
}

/** When the request arrived; undefined when it was not stamped. */
export function arrivalOf(req: Request): number | undefined {
  return arrivals.get(req);
}
