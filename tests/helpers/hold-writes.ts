/** A linkage store made far slower than the clicks: every answer write waits until released. */
import type { LinkageStore } from '../../src/core/linkage-port.ts';

export function holdAnswerWrites(linkage: LinkageStore): { release: () => void; held: () => number } {
  const put = linkage.put.bind(linkage);
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let held = 0;
  linkage.put = async (...args) => {
    held += 1;
    await gate;
    return put(...args);
  };
  return { release: () => open(), held: () => held };
}
