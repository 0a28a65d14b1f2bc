/**
 * Jest's node environment, pointed at this worker's own databases
 * (workers.js). The module is loaded in the worker's process before any
 * suite, so servers and tools a suite spawns inherit the same DATABASE_URL
 * and TEST_DATA_DIR as the suite itself.
 */
import NodeEnvironment from 'jest-environment-node';
import { originalDataDir, workerDatabaseUrl, workerDataDir } from './workers.js';

// An ES module is evaluated once per process: this runs once per worker.
const worker = process.env.JEST_WORKER_ID;
process.env.TEST_DATA_DIR = workerDataDir(originalDataDir(process.env, process.cwd()), worker);
if (process.env.DATABASE_URL) {
  process.env.DATABASE_URL = workerDatabaseUrl(process.env.DATABASE_URL, worker);
}

export default NodeEnvironment;
