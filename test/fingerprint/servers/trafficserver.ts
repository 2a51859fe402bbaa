// Apache Traffic Server 9.2 (Debian's trafficserver) in a sandbox runroot, one remap per failure.
import { startTrafficServer } from '../../support/trafficserver.js';
import { commandOutput, firstMatch, stopper, type Scenario } from './types.js';

export const trafficserver: Scenario = {
  software: 'trafficserver',
  binary: 'traffic_server',
  version: async () => firstMatch(await commandOutput('traffic_server', ['--version']), /Traffic Server [\d.]+/).replace('Traffic Server ', 'ATS/'),
  async start(up) {
    const server = await startTrafficServer(`
map /refused/ http://127.0.0.1:${up.refused}/
map /closed/ http://127.0.0.1:${up.closing}/
map /garbage/ http://127.0.0.1:${up.garbage}/
map /timeout/ http://127.0.0.1:${up.slow}/
`, `
CONFIG proxy.config.http.connect_attempts_max_retries INT 0
CONFIG proxy.config.http.transaction_no_activity_timeout_out INT 1
CONFIG proxy.config.http.cache.http INT 0
`);
    return { port: server.port, stop: stopper(server.process, server.dir) };
  },
  cases: [
    { name: '502-refused', path: '/refused/', status: 502, setup: 'a remap to a closed port, connect retries off (502 Connection refused)',
      expect: { generatedBy: 'trafficserver', vendorCode: 'Could Not Connect', detail: 'Could not connect to the requested server host.' } },
    { name: '502-closed', path: '/closed/', status: 502, setup: 'an upstream that closes without a byte (502 Malformed Server Response Status)',
      expect: { generatedBy: 'trafficserver', vendorCode: 'Web Server Error', detail: 'The host requested did not return the document correctly.' } },
    { name: '502-garbage', path: '/garbage/', status: 502, setup: 'an upstream that answers bytes that are not HTTP (502 Invalid HTTP Response)',
      expect: { generatedBy: 'trafficserver', vendorCode: 'Web Server Error', detail: 'The host requested did not return the document correctly.' } },
    { name: '504-timeout', path: '/timeout/', status: 504, setup: 'transaction_no_activity_timeout_out 1, an upstream that never answers (504 Connection Timed Out)',
      expect: { generatedBy: 'trafficserver', vendorCode: 'Inactivity Timeout', detail: 'Too much time has passed without sending any data for document.' } },
  ],
};
