/** Runs once after the suites: removes the databases copied for the workers (workers.js). */
import { originalDataDir, removeWorkerCopies } from './workers.js';

export default async function globalTeardown(globalConfig) {
  const dataDir = originalDataDir(process.env, process.cwd());
  await removeWorkerCopies(globalConfig.maxWorkers, dataDir, process.env.DATABASE_URL);
}
