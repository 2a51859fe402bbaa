// IANA time zone names, checked with the runtime's own ICU data (Node ships full ICU), so any zone
// Intl can format in is accepted and nothing else.

/** The canonical spelling (`europe/berlin` → `Europe/Berlin`), or undefined when it is not a zone. */
export function canonicalTimeZone(name: string): string | undefined {
  // Newer runtimes also take offsets (`+01:00`) as zones, Node 20 does not: refuse them everywhere,
  // and a fixed offset cannot follow daylight saving time anyway.
  if (!/^[A-Za-z]/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Every zone name the runtime knows, for "did you mean" hints. */
export function knownTimeZones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone')];
}
