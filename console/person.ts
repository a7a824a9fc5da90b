import { maskEmail, maskPhone } from '../domain/masking';
import type { PersonView } from '../codec-server/redaction';

/** The person as the console shows it: a label and a value per line, already masked for the viewer. */
export type PersonLines = { label: string; value: string }[];

/**
 * Who the onboarding is for, from the request it was started with (its `person`: an individual,
 * or a corporation's contact; Sumvin's requests have none). Operators are never shown it;
 * support the email's first letter and domain and the phone's last 3 digits (domain/masking.ts);
 * compliance the name, email and phone in full.
 */
export function personLines(request: unknown, view: Exclude<PersonView, 'hidden'>): PersonLines {
  const contact = contactOf(request);
  const lines: PersonLines = [];
  if (view === 'full' && contact.name) lines.push({ label: 'Name', value: contact.name });
  if (contact.email) lines.push({ label: 'Email', value: view === 'full' ? contact.email : maskEmail(contact.email) });
  if (contact.phone) lines.push({ label: 'Phone', value: view === 'full' ? contact.phone : maskPhone(contact.phone) });
  return lines;
}

interface Contact {
  name?: string;
  email?: string;
  phone?: string;
}

function contactOf(request: unknown): Contact {
  const root = record(request);
  const who = record(root.person);
  const phone = who.phone;
  const number = typeof phone === 'string' ? phone : record(phone).number;
  const name = [who.firstName, who.lastName].filter((part): part is string => typeof part === 'string').join(' ');
  return {
    ...(name ? { name } : {}),
    ...(typeof who.email === 'string' ? { email: who.email } : {}),
    ...(typeof number === 'string' ? { phone: number } : {}),
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
