// Stopping the server without waiting out keep-alive (65 s): idle connections close at once,
// busy ones right after their answer (which says `Connection: close`), and whatever is left after
// a grace period is cut.
import type { Server, ServerResponse } from 'node:http';

export class GracefulClose {
  private closing = false;
  private readonly busy = new Set<ServerResponse>();

  /** Call for every request, before its handler. */
  track(res: ServerResponse): void {
    if (this.closing) {
      res.setHeader('Connection', 'close');
      return;
    }
    this.busy.add(res);
    res.once('close', () => this.busy.delete(res));
  }

  close(server: Server, graceMs: number): Promise<void> {
    this.closing = true;
    for (const res of this.busy) if (!res.headersSent) res.setHeader('Connection', 'close');
    if (!server.listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      cut.unref();
      server.close((error) => {
        clearTimeout(cut);
        if (error) reject(error);
        else resolve();
      });
      server.closeIdleConnections();
    });
  }
}
