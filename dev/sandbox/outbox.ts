/** A code "sent" to a person by SMS or email: what their phone or mailbox would show. */
export interface OutboxMessage {
  provider: string;
  channel: 'sms' | 'email';
  /** The provider's user id the message belongs to. */
  userId: string;
  to: string;
  code: string;
  sentAt: number;
}

export class Outbox {
  private messages: OutboxMessage[] = [];

  send(message: OutboxMessage): void {
    this.messages.push(message);
  }

  list(filter: { provider?: string; userId?: string; channel?: string } = {}): OutboxMessage[] {
    return this.messages.filter(
      (m) =>
        (!filter.provider || m.provider === filter.provider) &&
        (!filter.userId || m.userId === filter.userId) &&
        (!filter.channel || m.channel === filter.channel),
    );
  }

  latest(filter: { provider?: string; userId?: string; channel?: string }): OutboxMessage | undefined {
    return this.list(filter).at(-1);
  }
}
