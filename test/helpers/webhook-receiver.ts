import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';

/** A real HTTP receiver on 127.0.0.1 for webhook tests: it keeps every request, raw body included. */
export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** The answer to the n-th request (from 0): an HTTP status, or 'hang' to never answer. */
export type HookAnswer = (n: number) => number | 'hang' | Promise<number | 'hang'>;

export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  private port = 0;
  private readonly server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const n = this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') }) - 1;
      void Promise.resolve(this.answer(n)).then((status) => {
        if (status !== 'hang') response.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 400 ? 'receiver error' : 'ok');
      });
    });
  });

  private constructor(private readonly answer: HookAnswer) {}

  static async start(answer: HookAnswer = () => 200): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(answer);
    receiver.server.listen(0, '127.0.0.1');
    await once(receiver.server, 'listening');
    receiver.port = (receiver.server.address() as { port: number }).port;
    return receiver;
  }

  url(path = '/hooks'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The deliveries received, by X-Hailong-Delivery. */
  deliveryIds(): string[] {
    return this.received.map((r) => String(r.headers['x-hailong-delivery']));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}
