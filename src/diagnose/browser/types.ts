// The browser check's evidence, as the contract names it ("Browser check"), plus what the verdict
// reads of it. Times are milliseconds.
import type { Cause, Hop, Status } from '../../core/model.js';

/** How to run the browser: which binary, and where the screenshot goes (null: none kept). */
export interface BrowserOptions {
  executablePath: string;
  screenshotPath: string | null;
}

/** What diagnosing a failed request in turn found (the same checklist as the page's). */
export interface RequestDiagnosis {
  status: Status;
  hop: Hop;
  cause: Cause;
  generatedBy: string | null;
  httpStatus: number | null;
  summary: string;
}

export interface FailedRequest {
  url: string;
  /** The HTTP status when one came (>= 400), null on a network error. */
  status: number | null;
  /** Chromium's error text (net::ERR_CONNECTION_REFUSED …) when no response came, else null. */
  error: string | null;
  /** Chromium's resource type: document, stylesheet, image, media, font, script, xhr, fetch, … */
  type: string;
  /** From the request's start to its failure or response. */
  ms: number;
  /** A request the page needs (its own site's XHR/fetch, script or stylesheet); else a warning. */
  needed: boolean;
  /** Set for the needed ones the verdict diagnosed in turn. */
  diagnosis?: RequestDiagnosis;
}

/** How the load ended when not as a page should: each a classified result, never a crash. */
export type BrowserOutcome =
  | 'loaded'          // load fired and the network settled
  | 'unsettled'       // load fired, but requests kept going until the time limit
  | 'load-timeout'    // load never fired within the time limit (a spinning script, a huge page)
  | 'navigation-failed' // the main request failed (refused, redirect loop, TLS …): see navigationError
  | 'too-large'       // the page and its requests passed the size cap: loading stopped there
  | 'killed';         // the browser had to be killed (hung, crashed or out of memory)

export interface BrowserEvidence {
  /** The browser's product and version ("Chromium 156.0.…"), null if it never started. */
  version: string | null;
  outcome: BrowserOutcome;
  /** The main document's HTTP status, null when none came. */
  status: number | null;
  finalUrl: string | null;
  navigationError: string | null;
  failedRequests: FailedRequest[];
  /** Failed requests not listed (the list is capped). */
  moreFailed: number;
  consoleErrors: string[];
  /** Uncaught exceptions in the page's scripts. */
  exceptions: string[];
  /** Nothing visible (text or media) once scripts ran; null when it could not be measured. */
  blank: boolean | null;
  /** The PNG written, or null. */
  screenshot: string | null;
  timings: { ttfb: number | null; fcp: number | null; lcp: number | null };
  /** Dialogs (alert/confirm/prompt) dismissed and popups closed: a hostile page is bounded. */
  dialogs: number;
  popups: number;
  durationMs: number;
}
