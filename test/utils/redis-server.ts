import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';

/** A throwaway redis-server on a free loopback port, which a test can kill, pause and restart. */
export class RedisServer {
  private process?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly args: string[],
  ) {}

  /** Whether a redis-server binary is installed (`npm test` must pass on a machine without one). */
  static installed(): boolean {
    const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
    return !probe.error && probe.status === 0;
  }

  /** `args`: more redis-server options, such as `['--maxmemory-policy', 'allkeys-lru']`. */
  static async onFreePort(args: string[] = []): Promise<RedisServer> {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    server.close();
    await once(server, 'close');
    return new RedisServer(port, args);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (without persistence) and waits until it answers PING. */
  async start(): Promise<void> {
    this.process = spawn(
      'redis-server',
      [
        ...['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        ...this.args,
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 5000;
    while (!(await this.answers())) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on ${this.port}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** SIGKILL: the socket closes at once, as when Redis crashes. */
  async kill(): Promise<void> {
    const running = this.process;
    this.process = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGCONT');
    running.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: connections stay open but nothing is answered, as with a stalled Redis. */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  resume(): void {
    this.process?.kill('SIGCONT');
  }

  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = createConnection({ port: this.port, host: '127.0.0.1' });
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(500, () => done(false));
      socket.once('error', () => done(false));
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    });
  }
}
