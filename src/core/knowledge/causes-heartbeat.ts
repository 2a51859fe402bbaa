// Wording for the causes of a push (heartbeat) monitor: nothing is probed, a job reports in
// (`whydown serve`'s /api/v1/push/{name}), so what fails is the job's report (see causes.ts).
import type { CauseTable } from './causes.js';

export const HEARTBEAT_CAUSES = {
  'heartbeat-missed': {
    cause: 'heartbeat-missed',
    hop: 'origin',
    title: 'The job did not report in',
    meaning: 'A job that should report to its push monitor at every interval (a backup, a cron job, a queue worker) has not reported within its interval and grace time: it did not run, failed before reporting, or cannot reach whydown.',
    fixes: [
      'Check that the job ran: its scheduler (`systemctl list-timers`, `crontab -l`, the CI schedule) and its own log for the expected time',
      'Run the job by hand and look at how it ends: a failure before the report line (`curl -fsS …/api/v1/push/NAME?token=…`) skips the report',
      'From the job\'s host, call the push URL by hand: a firewall, a proxy, DNS or a changed token (401) can keep the report from arriving',
      'If the job now runs less often or takes longer, raise the monitor\'s `interval` or `grace`',
    ],
  },
  'heartbeat-down': {
    cause: 'heartbeat-down',
    hop: 'origin',
    title: 'The job reported a failure',
    meaning: 'The job reported to its push monitor with `status=down`: it ran, and says it failed; its message says how.',
    fixes: [
      'Read the job\'s message (the incident quotes it) and the job\'s own log for that run',
      'Fix the cause and run the job again: its next `status=up` report closes the incident',
      'If the job reports down for something that is not a failure, change what it sends',
    ],
  },
} satisfies Partial<CauseTable>;
