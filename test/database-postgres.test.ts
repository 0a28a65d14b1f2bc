import { describeDatabaseContract } from './database.contract.js';
import { postgresDatabase, pgliteDatabase } from './support/databases.js';
import { describeWith } from './support/services.js';

describeDatabaseContract(describeWith('DATABASE_URL'), postgresDatabase ?? pgliteDatabase);
