import { z } from 'zod';
import { normalizeEmail } from '../email-address';

export const SUBSCRIBE_SOURCES = ['popup', 'inline', 'footer', 'import'] as const;
export type SubscribeSource = (typeof SUBSCRIBE_SOURCES)[number];


/** An email address a person could subscribe with: no line breaks (header injection), sane length. */
export const subscriberEmailSchema = z
  .string({ error: 'Enter your email address' })
  .max(254, { error: 'That email address is too long' })
  .refine((v) => !/[\r\n\0]/.test(v), { error: 'Enter a single email address' })
  .transform(normalizeEmail)
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com' }));

/** The subscribe form, wherever it is shown. */
export const subscribeSchema = z.object({
  email: subscriberEmailSchema,
  source: z.enum(SUBSCRIBE_SOURCES).catch('inline'),
  /** Honeypot: a field people never see. */
  website: z.string().optional(),
});
export type SubscribeInput = z.infer<typeof subscribeSchema>;
