import { fork, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Diagnostics } from './diagnostics';

/**
 * The servers under test run in child processes, so their event loops are their own: the lag
 * measured there is the server's, not the load generator's. Parent and child talk over the
 * IPC channel `fork` opens, with these messages.
 */

export interface LagSummaryMs {
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface ServerReport {
  /** `perf_hooks.monitorEventLoopDelay` over the measured window, 10 ms resolution. */
  eventLoopLagMs: LagSummaryMs;
  /** CPU time the server process used in the window, as a share of one core (100 = one core busy). */
  cpuPercentOfOneCore: number;
  /** The main thread's share of the window spent running (event-loop utilisation): 100 means it never waited for work. */
  mainThreadBusyPercent: number;
  cpuSeconds: { user: number; system: number };
  windowSeconds: number;
  rssMb: number;
  /** Only with --diagnose: where the time went inside the server. */
  diagnostics?: Diagnostics;
}

type ParentMessage = { type: 'measure-start' } | { type: 'report' } | { type: 'stop' };
type ChildMessage = { type: 'ready'; port: number; integrationPort: number } | { type: 'report'; report: ServerReport } | { type: 'failed'; message: string };

export interface RunningServer {
  port: number;
  /** Where the signed calls go: Cue's integration API has a port of its own, the floor answers them on `port`. */
  integrationPort: number;
  diagnostics?: { reset(): void; report(): Diagnostics };
  close(): Promise<void>;
}

export const LAG_RESOLUTION_MS = 10;

/**
 * The histogram records how long each sampling timer actually took, which is the resolution
 * plus the lag; the resolution is taken off so an idle loop reads 0, not 10 ms.
 */
export function summariseLag(histogram: ReturnType<typeof monitorEventLoopDelay>): LagSummaryMs {
  const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - LAG_RESOLUTION_MS) * 100) / 100);
  return {
    min: ms(histogram.min),
    mean: ms(histogram.mean),
    p50: ms(histogram.percentile(50)),
    p90: ms(histogram.percentile(90)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
  };
}

/** Child side: starts the server, reports its port, measures its loop and CPU when asked, exits on `stop`. */
export function serveAsBenchChild(start: () => Promise<RunningServer>): void {
  const send = (message: ChildMessage) => process.send?.(message);
  const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  let windowStart = { cpu: process.cpuUsage(), at: performance.now(), loop: performance.eventLoopUtilization() };
  let server: RunningServer | undefined;

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'measure-start') {
      lag.reset();
      lag.enable();
      server?.diagnostics?.reset();
      windowStart = { cpu: process.cpuUsage(), at: performance.now(), loop: performance.eventLoopUtilization() };
    } else if (message.type === 'report') {
      lag.disable();
      const cpu = process.cpuUsage(windowStart.cpu);
      const windowSeconds = (performance.now() - windowStart.at) / 1000;
      send({
        type: 'report',
        report: {
          eventLoopLagMs: summariseLag(lag),
          cpuPercentOfOneCore: Math.round(((cpu.user + cpu.system) / 1e6 / windowSeconds) * 1000) / 10,
          mainThreadBusyPercent: Math.round(performance.eventLoopUtilization(windowStart.loop).utilization * 1000) / 10,
          cpuSeconds: { user: cpu.user / 1e6, system: cpu.system / 1e6 },
          windowSeconds,
          rssMb: Math.round(process.memoryUsage().rss / 1e6),
          ...(server?.diagnostics ? { diagnostics: server.diagnostics.report() } : {}),
        },
      });
    } else if (message.type === 'stop') {
      void (server?.close() ?? Promise.resolve()).finally(() => process.exit(0));
    }
  });
  // The parent is gone (crashed or killed): nothing will ever ask this server to stop.
  process.on('disconnect', () => process.exit(0));

  start()
    .then((running) => {
      server = running;
      send({ type: 'ready', port: running.port, integrationPort: running.integrationPort });
    })
    .catch((error: unknown) => {
      send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    });
}

export interface BenchChild {
  port: number;
  integrationPort: number;
  measureStart(): void;
  report(): Promise<ServerReport>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const REPORT_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

/** Parent side: forks `file` (under tsx, inherited through execArgv) and waits for it to listen. */
export async function forkBenchChild(file: string, env: Record<string, string>, extraExecArgv: string[] = []): Promise<BenchChild> {
  const child: ChildProcess = fork(file, [], {
    env: { ...process.env, ...env },
    execArgv: [...process.execArgv, ...extraExecArgv],
    // The server's own log lines go to our stderr, out of the way of the figures on stdout.
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  child.stdout?.pipe(process.stderr);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const nextMessage = <T extends ChildMessage['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`${file}: no ${type} within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (message: ChildMessage) => {
        if (message.type === 'failed') done(new Error(`${file} failed:\n${message.message}`));
        else if (message.type === type) done(undefined, message as Extract<ChildMessage, { type: T }>);
      };
      const onExit = (code: number | null) => done(new Error(`${file} exited (${code}) before sending ${type}`));
      const done = (error?: Error, message?: Extract<ChildMessage, { type: T }>) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(message!);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });

  const { port, integrationPort } = await nextMessage('ready', READY_TIMEOUT_MS);
  return {
    port,
    integrationPort,
    measureStart: () => child.send({ type: 'measure-start' } satisfies ParentMessage),
    async report() {
      // Generous: an overloaded server may still be working through its backlog when asked.
      const reply = nextMessage('report', REPORT_TIMEOUT_MS);
      child.send({ type: 'report' } satisfies ParentMessage);
      return (await reply).report;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' } satisfies ParentMessage);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
      process.off('exit', killOnExit);
    },
  };
}
