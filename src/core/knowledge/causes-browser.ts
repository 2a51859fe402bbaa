// Causes only a real browser finds: the page answers, but does not work for a visitor.
import type { CauseTable } from './causes.js';

export const BROWSER_CAUSES = {
  'page-timeout': {
    cause: 'page-timeout',
    hop: 'origin',
    title: 'The page never finishes loading in a browser',
    meaning: 'The server answered, but in a browser the page did not finish loading within the time limit: a script that spins the CPU, a request that never ends, or a browser that hung on the page.',
    fixes: [
      'Open the page with the browser\'s developer tools (Performance and Network tabs) and look for a long task or a request that never completes',
      'Check recent changes to the page\'s scripts: a loop that does not end, a retry without a pause, a huge synchronous computation',
      'Check the requests the page waits for before its load event (scripts, stylesheets, fonts, iframes): one that hangs holds the whole page',
    ],
  },
  'page-too-large': {
    cause: 'page-too-large',
    hop: 'origin',
    title: 'The page is too large to load',
    meaning: 'The page and the requests it makes brought in more data than a browser check allows (20 MB), so visitors on slow or metered connections wait a long time or give up.',
    fixes: [
      'Look at the largest responses in the browser\'s Network tab: an unpaginated list, an uncompressed bundle, an image or video at full resolution',
      'Compress text responses (gzip or brotli) and paginate or lazy-load long content',
      'Check for a response that repeats or never ends (a misconfigured stream, a log file served as a page)',
    ],
  },
} satisfies Partial<CauseTable>;
