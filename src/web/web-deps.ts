/**
 * What the pages are built from: content for their texts and the use cases they read
 * through. Pages never reach the store.
 */
import type { WebUseCases } from '../app/use-cases.ts';
import type { Content } from '../content/load.ts';
import type { Logger } from '../core/ports.ts';

export interface WebDeps {
  content: Content;
  useCases: WebUseCases;
  log: Logger;
}
