const Database = require('better-sqlite3');
const fs = require('fs'); try { fs.rmSync('/tmp/nl/f.db'); } catch {}
const db = new Database('/tmp/nl/f.db'); db.pragma('journal_mode = WAL');
db.exec('create table t (a integer primary key, b text)');
for (const mode of ['FULL', 'NORMAL']) {
  db.pragma(`synchronous = ${mode}`);
  const ins = db.prepare('insert into t (b) values (?)');
  const t = performance.now();
  for (let i = 0; i < 100; i++) db.transaction(() => { for (let k = 0; k < 50; k++) ins.run('x'); })();
  console.log(mode, ((performance.now() - t) / 100).toFixed(2), 'ms per 50-row txn');
}
