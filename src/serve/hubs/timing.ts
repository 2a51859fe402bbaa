// The timing of several hubs. Take-over, worst case: a hub dies just after renewing its leases;
// they expire LEASE_MS later, another hub's next beat (≤ BEAT_MS) takes them, and the monitors
// whose slot was missed are checked within MAKE_UP_SPREAD_MS: 10 + 2 + 5 = 17 s, under 30.
export interface HubTiming {
  /** How often a hub renews its row and its leases, and looks for shards to take. */
  beatMs: number;
  /** A lease lasts this long after its last renewal (by the database's clock). */
  leaseMs: number;
  /** A hub whose heartbeat is older than this is not counted when shares are worked out. */
  deadAfterMs: number;
  /** Checks of slots missed during a take-over are spread over this long, not fired at once. */
  makeUpSpreadMs: number;
  /** A hub gives back at most this many shards per beat when it holds more than its share. */
  releasePerBeat: number;
}

export const DEFAULT_HUB_TIMING: HubTiming = {
  beatMs: 2000,
  leaseMs: 10_000,
  deadAfterMs: 10_000,
  makeUpSpreadMs: 5000,
  releasePerBeat: 12,
};

/** A lease is trusted locally only until this long before it ends (the renewal's round trip is already counted). */
export const LEASE_MARGIN_MS = 500;
