import 'server-only';
import { readyDb } from '../db-ready';

export type SubscribeRequestRow = { id: number; kind: string; email: string; source: string; status: string; createdAt: Date };

/** Records a subscribe or "send again" request: the one write every request makes, whoever it names. */
export async function insertSubscribeRequest(data: { kind: 'subscribe' | 'resend'; email: string; source: string; createdAt: Date }): Promise<SubscribeRequestRow> {
  return (await readyDb()).subscribeRequest.create({ data });
}

export async function findSubscribeRequest(id: number): Promise<SubscribeRequestRow | null> {
  return (await readyDb()).subscribeRequest.findUnique({ where: { id } });
}

export async function findPendingRequests(take: number): Promise<SubscribeRequestRow[]> {
  return (await readyDb()).subscribeRequest.findMany({ where: { status: 'pending' }, orderBy: { id: 'asc' }, take });
}

/** pending → working, only if still pending: two instances never handle the same request. */
export async function claimRequest(id: number): Promise<boolean> {
  const { count } = await (await readyDb()).subscribeRequest.updateMany({ where: { id, status: 'pending' }, data: { status: 'working' } });
  return count === 1;
}

export async function finishRequest(id: number, status: 'done' | 'pending'): Promise<void> {
  await (await readyDb()).subscribeRequest.updateMany({ where: { id }, data: { status } });
}

/** Handled requests are kept a day (the "send again" cookie names one for an hour), then deleted. */
export async function pruneRequests(before: Date): Promise<void> {
  await (await readyDb()).subscribeRequest.deleteMany({ where: { status: 'done', createdAt: { lt: before } } });
}
