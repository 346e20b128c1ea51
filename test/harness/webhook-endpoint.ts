import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as the signature covers it. */
  body: string;
  event: { id: string; type: string; occurredAt: string; data: Record<string, unknown> };
}

/** What the endpoint answers a delivery with: a status, or no answer at all (it hangs). */
export type Answer = number | 'hang';

/**
 * A real HTTP endpoint on 127.0.0.1 that receives webhooks: it keeps every delivery (raw body and
 * headers) and answers as the test says, per delivery.
 */
export class WebhookEndpoint {
  readonly received: Received[] = [];
  answer: (delivery: Received) => Answer = () => 200;
  private readonly hanging = new Set<() => void>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookEndpoint> {
    const server = createServer();
    const endpoint = new WebhookEndpoint(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const delivery: Received = {
          path: req.url ?? '',
          headers: req.headers,
          body,
          event: JSON.parse(body) as Received['event'],
        };
        endpoint.received.push(delivery);
        const answer = endpoint.answer(delivery);
        if (answer === 'hang') {
          endpoint.hanging.add(() => res.destroy());
          return;
        }
        res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Deliveries to `path`, in the order they arrived. */
  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Waits until `check` holds (deliveries arrive asynchronously), or fails after `ms`. */
  async until(check: () => boolean, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('the endpoint did not receive what was expected');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    for (const drop of this.hanging) drop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
