/** Holds an exclusive lock on a database file for a while, as another process might. */
import Database from 'better-sqlite3';

const [path, ms] = process.argv.slice(2) as [string, string];
const db = new Database(path);
db.pragma('busy_timeout = 5000');
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('locked\n');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ms));
db.exec('COMMIT');
db.close();
process.stdout.write('released\n');
