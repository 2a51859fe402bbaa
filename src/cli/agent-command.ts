// `whydown agent --hub <url> --token <token> --name <vantage>`: checks for a hub from another
// place (src/serve/vantage/agent.ts). Runs until SIGINT or SIGTERM (exit 0); a bad hub URL or
// a token the hub refuses is one line and exit 3.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WhydownError } from '../core/errors.js';
import { parseCommand } from './args.js';
import { Agent, agentUrl } from '../serve/vantage/agent.js';

export const AGENT_HELP = `usage: whydown agent --hub <url> --token <token> --name <vantage> [--ca file] [--spool dir]

Checks, from where it runs, the monitors of a whydown serve hub that name this vantage, and sends
the results back. It connects out to the hub (a WebSocket on the hub's --listen address; wss when
the hub is https), so nothing listens here. While the hub is away, results wait in the spool on
disk (at most --spool-max, oldest dropped first) and are delivered once when it returns.

  --hub <url>         the hub, as its API is reached (http://hub:8080, https://hub.example)
  --token <token>     this vantage's token from the hub's vantages: list (or WHYDOWN_AGENT_TOKEN)
  --name <vantage>    this vantage's name in the hub's vantages: list
  --ca <file>         PEM of a private CA that signed the hub's certificate
  --spool <dir>       where results wait for the hub (default ./whydown-agent-<vantage>)
  --spool-max <n>     results kept at most while the hub is away (default 100000)
  --stats-every <s>   log a line of figures this often (checks, p95 start delay, spool, memory, CPU;
                      default 60, 0: never)

Exit status: 0 stopped by a signal, 3 refused by the hub (wrong token, revoked) or a usage error.`;

const OPTIONS = {
  hub: { type: 'string' },
  token: { type: 'string' },
  name: { type: 'string' },
  ca: { type: 'string' },
  spool: { type: 'string' },
  'spool-max': { type: 'string' },
  'stats-every': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, 'agent', OPTIONS, AGENT_HELP);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new WhydownError('E_USAGE', `agent: unexpected argument \`${positionals[0]}\` (see whydown agent --help)`);
  const hub = values.hub;
  const token = values.token ?? process.env.WHYDOWN_AGENT_TOKEN;
  const name = values.name;
  if (!hub || !token || !name) throw new WhydownError('E_USAGE', 'agent: --hub, --token (or WHYDOWN_AGENT_TOKEN) and --name are all needed (see whydown agent --help)');
  agentUrl(hub); // a malformed URL is a usage error before anything starts
  let ca: Buffer | undefined;
  if (values.ca !== undefined) {
    try {
      ca = readFileSync(values.ca);
    } catch (error) {
      throw new WhydownError('E_FILE', `agent: cannot read --ca ${values.ca}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  let maxSpooled: number | undefined;
  if (values['spool-max'] !== undefined) {
    maxSpooled = Number(values['spool-max']);
    if (!Number.isInteger(maxSpooled) || maxSpooled < 1 || maxSpooled > 100_000_000) {
      throw new WhydownError('E_BAD_OPTION', `--spool-max wants a whole number from 1 to 100000000, got "${values['spool-max']}"`);
    }
  }
  let statsEveryMs: number | undefined;
  if (values['stats-every'] !== undefined) {
    const seconds = Number(values['stats-every']);
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) throw new WhydownError('E_BAD_OPTION', `--stats-every wants seconds from 0 to 86400, got "${values['stats-every']}"`);
    statsEveryMs = Math.round(seconds * 1000);
  }
  const log = (line: string): void => { process.stderr.write(`${new Date().toISOString()} ${line}\n`); };
  const agent = new Agent({
    hub, token, name, log,
    spoolDir: values.spool ?? path.resolve(`whydown-agent-${name.replace(/[^a-z0-9._-]/gi, '_')}`),
    ...(ca === undefined ? {} : { ca }),
    ...(maxSpooled === undefined ? {} : { maxSpooled }),
    ...(statsEveryMs === undefined ? {} : { statsEveryMs }),
  });
  const onSignal = (signal: string): void => {
    log(`${signal}: stopping (unsent results stay in the spool)`);
    void agent.stop(0);
  };
  const onInt = (): void => onSignal('SIGINT');
  const onTerm = (): void => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const code = await agent.run();
    if (agent.failure) throw new WhydownError('E_AGENT', `agent: ${agent.failure}`);
    return code;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}
