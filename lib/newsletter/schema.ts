import { z } from 'zod';

export const SUBSCRIBE_SOURCES = ['popup', 'inline', 'footer', 'import'] as const;
export type SubscribeSource = (typeof SUBSCRIBE_SOURCES)[number];

/** Trimmed, with the domain lower-cased (the local part may be case-sensitive, so it is kept). */
export function normalizeSubscriberEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  return at < 0 ? trimmed : `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
}

/** An email address a person could subscribe with: no line breaks (header injection), sane length. */
export const subscriberEmailSchema = z
  .string({ error: 'Enter your email address' })
  .max(254, { error: 'That email address is too long' })
  .refine((v) => !/[\r\n\0]/.test(v), { error: 'Enter a single email address' })
  .transform(normalizeSubscriberEmail)
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com' }));

/** The subscribe form, wherever it is shown. */
export const subscribeSchema = z.object({
  email: subscriberEmailSchema,
  source: z.enum(SUBSCRIBE_SOURCES).catch('inline'),
  /** Honeypot: a field people never see. */
  website: z.string().optional(),
});
export type SubscribeInput = z.infer<typeof subscribeSchema>;
