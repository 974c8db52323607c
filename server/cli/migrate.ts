/**
 * Brings the configured database's schema up to date:
 *
 *   npm run migrate
 *
 * The server migrates at start too; this is for deploys that migrate as a separate step, and
 * for checking what a release will change.
 */
import { loadConfigOrExit } from '../config';
import { openDatabase } from '../db/database';
import { describeDatabase, runMigrations } from './migrations';

const config = loadConfigOrExit();
const where = describeDatabase(config.databaseUrl);
let db;
try {
  db = await openDatabase(config.databaseUrl);
} catch (error) {
  console.error(`cannot open ${where}: ${(error as Error).message}`);
  process.exit(1);
}
try {
  const { applied, total } = await runMigrations(db);
  process.stdout.write(
    applied.length > 0
      ? `${where}: applied ${applied.length} migration${applied.length === 1 ? '' : 's'}: ${applied.join(', ')} (${total} in all)\n`
      : `${where}: already up to date (${total} migration${total === 1 ? '' : 's'} applied)\n`,
  );
} catch (error) {
  console.error(`migrating ${where} failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
