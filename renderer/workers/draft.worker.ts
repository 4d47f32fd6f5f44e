import type { PageToDraftWorker } from './draftProtocol';
import { draftWrites } from './draftWrites';

/**
 * Writes the walk-in form's drafts to IndexedDB (`draftWrites`). The page's thread hears of a
 * commit only once it has rendered the keystroke (Chromium defers its tasks after input), a frame
 * later; this thread has nothing else to do, so the commit is seen, and the next draft sent, as
 * soon as it lands.
 */

const writes = draftWrites(indexedDB, (answer) => self.postMessage(answer));

self.addEventListener('message', (event: MessageEvent<PageToDraftWorker>) => {
  const message = event.data;
  if (message.kind === 'open') writes.open(message.database);
  else writes.write(message);
});
