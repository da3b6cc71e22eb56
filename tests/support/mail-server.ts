import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  /** The body as sent, quoted-printable decoded. */
  text: string;
}

/**
 * A real SMTP server on a free local port, without authentication or TLS, that keeps every
 * message it receives, so a test can check what the app really sent.
 */
export class TestMailServer {
  readonly received: ReceivedMail[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<TestMailServer> {
    let mailServer: TestMailServer | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          mailServer?.receive(
            session.envelope.rcptTo.map((rcpt) => rcpt.address),
            Buffer.concat(chunks).toString('utf8'),
          );
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    mailServer = new TestMailServer(server, port);
    return mailServer;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  private receive(to: string[], raw: string): void {
    const split = raw.indexOf('\r\n\r\n');
    const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
    const subject = /^Subject: (.*)$/im.exec(headers)?.[1] ?? '';
    const quoted = /^Content-Transfer-Encoding: quoted-printable/im.test(headers);
    const body = raw.slice(split + 4);
    const text = quoted ? decodeQuotedPrintable(body) : body;
    this.received.push({ to, subject: decodeWords(subject), text });
    for (const wake of [...this.waiters]) wake();
  }

  /** The first message that matches, received already or arriving within the timeout. */
  waitFor(matches: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.received.find(matches);
        if (!found) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `no matching mail within ${timeoutMs} ms; received: ${this.received.map((m) => m.subject).join(' | ')}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Quoted-printable (RFC 2045) to text: soft line breaks joined, =XX bytes read as UTF-8. */
function decodeQuotedPrintable(text: string): string {
  return decodeURIComponent(
    text
      .replace(/=\r?\n/g, '')
      .replace(/%/g, '%25')
      .replace(/=([0-9A-F]{2})/g, '%$1'),
  );
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) in a header. */
function decodeWords(header: string): string {
  return header.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s?/gi, (_match, kind: string, data: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
}
