import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that a test can break in three ways, standing
 * between the app and a service:
 * - `cut()`: resets every open connection and every new one at once, as a host
 *   that went away does;
 * - `blackhole()`: stops forwarding in both directions without closing
 *   anything, as a link that drops packets does. New connections are accepted
 *   and never answered. `restore()` delivers what was held back, in order, as
 *   TCP retransmission would once the link returns;
 * - `delayReplies(ms)`: holds every chunk from the service for `ms` more
 *   (order kept), as a slow but healthy service or network does.
 */
export interface TcpProxy {
  port: number;
  cut(): void;
  blackhole(): void;
  delayReplies(ms: number): void;
  restore(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream?: Socket;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const pairs = new Set<Pair>();
  let mode: 'open' | 'cut' | 'blackhole' = 'open';
  let replyDelayMs = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  /**
   * Service to client, each chunk held for the delay current when it arrived.
   * One queue per connection, sent strictly in order: two timers due at the
   * same millisecond may fire in either order, which would swap replies.
   */
  const forwardReplies = (from: Socket, to: Socket) => {
    const queue: Array<{ chunk: Buffer | null; at: number }> = [];
    let pumping = false;
    const pump = () => {
      const head = queue[0];
      if (!head) return void (pumping = false);
      const wait = head.at - Date.now();
      if (wait > 0) return void setTimeout(pump, wait);
      queue.shift();
      if (head.chunk === null) to.end();
      else if (to.writable) to.write(head.chunk);
      pump();
    };
    const enqueue = (chunk: Buffer | null) => {
      if (replyDelayMs === 0 && queue.length === 0) {
        if (chunk === null) to.end();
        else to.write(chunk);
        return;
      }
      const last = queue.length ? queue[queue.length - 1].at : 0;
      queue.push({ chunk, at: Math.max(Date.now() + replyDelayMs, last) });
      if (!pumping) {
        pumping = true;
        pump();
      }
    };
    from.on('data', (chunk: Buffer) => enqueue(chunk));
    from.on('end', () => enqueue(null));
  };

  const link = (pair: Pair) => {
    const upstream = connect(targetPort, targetHost);
    pair.upstream = upstream;
    track(upstream);
    pair.client.pipe(upstream);
    forwardReplies(upstream, pair.client);
    pair.client.on('close', () => upstream.destroy());
    upstream.on('close', () => pair.client.destroy());
  };

  const server: Server = createServer((client) => {
    track(client);
    if (mode === 'cut') {
      client.resetAndDestroy();
      return;
    }
    const pair: Pair = { client };
    pairs.add(pair);
    client.on('close', () => pairs.delete(pair));
    if (mode === 'blackhole') client.pause();
    else link(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    cut() {
      mode = 'cut';
      for (const socket of sockets) socket.resetAndDestroy();
    },
    blackhole() {
      mode = 'blackhole';
      // Paused sockets read nothing: data waits in buffers, and no close is seen either.
      for (const { client, upstream } of pairs) {
        client.pause();
        upstream?.pause();
      }
    },
    delayReplies(ms: number) {
      replyDelayMs = ms;
    },
    restore() {
      const wasBlackholed = mode === 'blackhole';
      mode = 'open';
      replyDelayMs = 0;
      if (!wasBlackholed) return;
      for (const pair of pairs) {
        if (!pair.upstream) link(pair);
        pair.client.resume();
        pair.upstream?.resume();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
