import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort } from 'node:worker_threads';
import type { Config } from '../config';
import { createLogger } from '../logger';
import { workerInput } from '../worker-threads';
import { integrationApi } from './integration-api';
import { RemoteCalls } from './integration-calls';
import type { FromGateway, ToGateway } from './integration-gateway';
import { holdIdleConnections } from './keep-alive';
import { Metrics } from './metrics';

const { config } = workerInput<{ config: Config }>();
const port = parentPort!;
const post = (message: FromGateway) => port.postMessage(message);

const calls = new RemoteCalls(port);
const metrics = new Metrics({ processMetrics: false });
const server = createServer(integrationApi(config, calls, createLogger(config.logLevel), metrics));
holdIdleConnections(server);

port.on('message', (message: ToGateway) => {
  if (message.kind === 'replies') calls.settleAll(message.replies);
  else if (message.kind === 'listen') server.listen(config.integrationPort, config.integrationHost, () => post({ kind: 'listening', port: (server.address() as AddressInfo).port }));
  else void metrics.registry.getMetricsAsJSON().then((values) => post({ kind: 'metrics', id: message.id, values }));
});
server.once('error', (error) => post({ kind: 'failed', message: error.message }));
post({ kind: 'loaded' });
