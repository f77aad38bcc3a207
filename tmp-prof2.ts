import { readyDb } from '@/lib/db-ready';
async function main() {
  const db = await readyDb();
  const s = await db.newsletterSend.upsert({ where: { slug: 'y' }, create: { slug: 'y', subject: 'Y' }, update: {} });
  let id = 100000;
  const time = async (label: string, fn: () => Promise<unknown>) => { const t = performance.now(); for (let i = 0; i < 20; i++) await fn(); console.log(label, ((performance.now() - t) / 20).toFixed(2), 'ms'); };
  await time('createMany50', () => db.delivery.createMany({ data: Array.from({ length: 50 }, () => ({ sendId: s.id, subscriberId: id++, status: 'sending', attempts: 0 })) }));
  await time('tx[createMany50, updateMany0]', () => db.$transaction([db.delivery.createMany({ data: Array.from({ length: 50 }, () => ({ sendId: s.id, subscriberId: id++, status: 'sending', attempts: 0 })) }), db.delivery.updateMany({ where: { sendId: s.id, subscriberId: { in: [] }, status: 'failed' }, data: { status: 'sending' } })]));
  await time('updateMany10', () => db.delivery.updateMany({ where: { sendId: s.id, subscriberId: { in: Array.from({ length: 10 }, (_, k) => 100000 + k) } }, data: { status: 'sent', attempts: { increment: 1 } } }));
  await time('tx[updateMany10]', () => db.$transaction([db.delivery.updateMany({ where: { sendId: s.id, subscriberId: { in: Array.from({ length: 10 }, (_, k) => 100000 + k) } }, data: { status: 'sent', attempts: { increment: 1 } } })]));
  await time('findMany500', () => db.subscriber.findMany({ where: { status: 'confirmed', id: { gt: 0 } }, orderBy: { id: 'asc' }, take: 500, select: { id: true, email: true } }));
  await time('statuses500', () => db.delivery.findMany({ where: { sendId: s.id, subscriberId: { in: Array.from({ length: 500 }, (_, k) => 100000 + k) } }, select: { subscriberId: true, status: true } }));
  await time('raw insert 50', () => db.$executeRawUnsafe(`INSERT INTO Delivery (sendId, subscriberId, status, attempts, updatedAt) VALUES ${Array.from({ length: 50 }, () => `(${s.id}, ${id++}, 'sending', 0, '2026-01-01T00:00:00.000Z')`).join(',')}`));
}
void main();
