import nodemailer, { type Transporter } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Mails waiting at most; beyond this the newest is dropped (and logged) rather than memory growing. */
export const MAIL_QUEUE_LIMIT = 1000;
/** Attempts per mail, waiting 1 s, 2 s, 4 s … (at most 5 min) in between. */
export const MAIL_ATTEMPTS = 6;
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 5 * 60_000;

/**
 * Sends e-mail one at a time from a bounded queue, after the action that caused it was stored and
 * answered: a slow or failing SMTP server never fails or slows an action. A failed send is tried
 * again with backoff, and given up (with a log line) after MAIL_ATTEMPTS.
 */
export class Mailer {
  private readonly queue: Array<{ message: MailMessage; attempts: number }> = [];
  private sending = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    // Short timeouts: a server that does not answer must not hold the queue for minutes.
    this.transport = nodemailer.createTransport(smtpUrl, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  send(message: MailMessage): void {
    if (this.closed) return;
    if (this.queue.length >= MAIL_QUEUE_LIMIT) {
      console.error(`mail queue full (${MAIL_QUEUE_LIMIT}); an e-mail was not sent`);
      return;
    }
    this.queue.push({ message, attempts: 0 });
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.sending || this.retryTimer || this.closed) return;
    this.sending = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const next = this.queue[0]!;
        try {
          await this.transport.sendMail({ from: this.from, ...next.message });
          this.queue.shift();
        } catch (error) {
          next.attempts += 1;
          const reason = error instanceof Error ? error.message : String(error);
          if (next.attempts >= MAIL_ATTEMPTS) {
            this.queue.shift();
            console.error(`e-mail not sent after ${next.attempts} attempts: ${reason}`);
            continue;
          }
          const wait = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (next.attempts - 1));
          console.warn(`e-mail not sent (attempt ${next.attempts}): ${reason}; trying again in ${wait} ms`);
          this.retryTimer = setTimeout(() => {
            this.retryTimer = undefined;
            void this.pump();
          }, wait);
          this.retryTimer.unref();
          return;
        }
      }
    } finally {
      this.sending = false;
    }
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.transport.close();
  }
}
