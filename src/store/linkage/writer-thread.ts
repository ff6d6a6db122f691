/**
 * The worker thread that commits batches of linkage writes (writer.ts starts it). It
 * holds connections of its own to the round files and runs LinkageFiles.write — one
 * transaction and one sync per round file — so the disk's wait happens here and not on
 * the bot's event loop. It answers each request with the outcomes, errors made plain
 * for the trip back (wire.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LinkageFiles, type LinkageFilesOptions } from './files.ts';
import { toWire, type WriterReply, type WriterRequest } from './wire.ts';

const { dir, options } = workerData as { dir: string; options: LinkageFilesOptions };
const files = new LinkageFiles(dir, options);
const port = parentPort;

port?.on('message', (request: WriterRequest) => {
  const reply = ((): WriterReply => {
    try {
      switch (request.kind) {
        case 'write':
          return { id: request.id, outcomes: files.write(request.batch).map(toWire) };
        case 'forget':
          files.forget(request.roundId);
          return { id: request.id, outcomes: [] };
        case 'close':
          files.close();
          return { id: request.id, outcomes: [] };
      }
    } catch (error) {
      return { id: request.id, outcomes: [], failed: toWire({ ok: false, error }) };
    }
  })();
  port.postMessage(reply);
});
