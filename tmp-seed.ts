import { createDb } from '@/lib/db/client';
import { migrateDatabase } from '@/lib/db/migrate';
async function main() {
const url = process.argv[2]!; const n = Number(process.argv[3]);
await migrateDatabase(url);
const db = createDb(url);
const rows = Array.from({ length: n }, (_, i) => ({ email: `reader${i}@example.com`, status: i % 10 === 9 ? 'pending' : 'confirmed', source: 'import' }));
for (let i = 0; i < rows.length; i += 5000) await db.subscriber.createMany({ data: rows.slice(i, i + 5000) });
console.log(await db.subscriber.count());
await db.$disconnect();
}
void main();
