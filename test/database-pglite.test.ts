import { describeDatabaseContract } from './database.contract.js';
import { pgliteDatabase } from './support/databases.js';

describeDatabaseContract(describe, pgliteDatabase);
