import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort } from 'node:worker_threads';
import type { Config } from '../config';
import { createLogger } from '../logger';
import { workerInput } from '../worker-threads';
import type { analyseWords } from '../conversation/turn-analysis';
import { integrationApi, type WordsAnalyser } from './integration-api';
import { RemoteCalls } from './integration-calls';
import type { FromGateway, ToGateway } from './integration-gateway';
import { holdIdleConnections } from './keep-alive';
import { Metrics } from './metrics';

const { config } = workerInput<{ config: Config }>();
const port = parentPort!;
const post = (message: FromGateway) => port.postMessage(message);

// A turn's words are analysed here as it comes in, on this thread, rather than by a trip from
// the main thread to the analysis worker and back: at 500 turns a second those trips woke two
// threads each and were most of a turn's time to the agent's screen. The NLP takes about half
// a second to load, after the port is open; until then the main thread analyses turns whole,
// as it does a turn these words cannot be read for alone (finishedAnalysis).
let analyse: typeof analyseWords | undefined;
const analyseOnArrival: WordsAnalyser = (text, speaker) => {
  try {
    return analyse?.(text, speaker, config.competitors);
  } catch {
    return undefined; // The main thread's analysis of the whole turn will fail it, and log it.
  }
};

const calls = new RemoteCalls(port);
const metrics = new Metrics({ processMetrics: false });
const server = createServer(integrationApi(config, calls, { logger: createLogger(config.logLevel), metrics, analyseWords: analyseOnArrival }));
holdIdleConnections(server);

port.on('message', (message: ToGateway) => {
  if (message.kind === 'replies') calls.settleAll(message.replies);
  else if (message.kind === 'listen') server.listen(config.integrationPort, config.integrationHost, onListening);
  else void metrics.registry.getMetricsAsJSON().then((values) => post({ kind: 'metrics', id: message.id, values }));
});
server.once('error', (error) => post({ kind: 'failed', message: error.message }));

function onListening(): void {
  post({ kind: 'listening', port: (server.address() as AddressInfo).port });
  void import('../conversation/turn-analysis').then((module) => {
    analyse = module.analyseWords;
  });
}
