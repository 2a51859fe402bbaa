// A worker thread of summarizeLogs: summarises one byte range and posts the result.
import { parentPort, workerData } from 'node:worker_threads';
import { scanRange, type RangeJob } from './range-scan.js';

const result = await scanRange(workerData as RangeJob);
parentPort?.postMessage(result);
