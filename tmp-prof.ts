import * as repo from '@/lib/newsletter/delivery-repository';
async function main() {
  const s = await repo.openSend('x', 'X');
  let t = performance.now();
  const page = await repo.findConfirmedSubscribers(0, 500);
  console.log('page', performance.now() - t);
  t = performance.now();
  const st = await repo.findDeliveryStatuses(s.id, page.map(r => r.id));
  console.log('statuses', performance.now() - t);
  for (let k = 0; k < 5; k++) {
    const ids = page.slice(k * 50, k * 50 + 50).map(r => r.id);
    t = performance.now(); await repo.claimDeliveries(s.id, ids, []); console.log('claim50', (performance.now() - t).toFixed(1));
    t = performance.now(); await repo.recordOutcomes(s.id, ids.slice(0, 10).map(id => ({ subscriberId: id, status: 'sent', attempts: 1, error: null }))); console.log('record10', (performance.now() - t).toFixed(1));
    t = performance.now(); await repo.recordOutcomes(s.id, ids.slice(10, 11).map(id => ({ subscriberId: id, status: 'sent', attempts: 1, error: null }))); console.log('record1', (performance.now() - t).toFixed(1));
  }
  console.log(process.memoryUsage().rss / 1e6);
}
void main();
