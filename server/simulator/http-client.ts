import http from 'node:http';
import https from 'node:https';
import { signBody, SIGNATURE_HEADER } from '../http/signature';

export interface JsonResponse {
  status: number;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  body: unknown;
  retryAfterSeconds: number | undefined;
}

export interface CueHttpClientOptions {
  baseUrl: string;
  /** The integration secret; needed only for the signed API. */
  webhookSecret?: string;
  /** Upper bound on parallel connections; requests beyond it wait for a free socket. */
  maxSockets?: number;
  timeoutMs?: number;
}

export interface PostOptions {
  headers?: Record<string, string>;
  /** Called just before the request goes on the wire, after the body is built and signed: what the benchmark times from. */
  onSend?: () => void;
}

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}${describeError(body)}`);
  }
}

function describeError(body: unknown): string {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return error && typeof error.message === 'string' ? `: ${String(error.code)} ${error.message}` : '';
}

/**
 * The JSON-over-HTTP client the simulator and the benchmark share: node:http with keep-alive,
 * because a fresh TCP connection per call would make the load generator, not the server, what
 * a benchmark measures. Signs integration calls the way a telephony platform would.
 */
export class CueHttpClient {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly timeoutMs: number;

  constructor(private readonly options: CueHttpClientOptions) {
    this.base = new URL(options.baseUrl);
    this.transport = this.base.protocol === 'https:' ? https : http;
    const AgentClass = this.base.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new AgentClass({ keepAlive: true, maxSockets: options.maxSockets ?? 16 });
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** POSTs to the signed integration API (`/api/v1/...`). */
  postSigned(path: string, body: unknown, options: PostOptions = {}): Promise<JsonResponse> {
    const secret = this.options.webhookSecret;
    if (!secret) return Promise.reject(new Error('a webhook secret is needed to call the integration API'));
    const raw = Buffer.from(JSON.stringify(body));
    return this.send(path, raw, { ...options.headers, [SIGNATURE_HEADER]: signBody(raw, secret) }, options.onSend);
  }

  postJson(path: string, body: unknown, options: PostOptions = {}): Promise<JsonResponse> {
    return this.send(path, Buffer.from(JSON.stringify(body)), options.headers ?? {}, options.onSend);
  }

  close(): void {
    this.agent.destroy();
  }

  private send(path: string, raw: Buffer, headers: Record<string, string>, onSend: (() => void) | undefined): Promise<JsonResponse> {
    const url = new URL(path, this.base);
    return new Promise((resolve, reject) => {
      const request = this.transport.request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          timeout: this.timeoutMs,
          headers: { 'content-type': 'application/json', 'content-length': String(raw.length), ...headers },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = undefined;
            }
            const retryAfter = Number(response.headers['retry-after']);
            resolve({ status: response.statusCode ?? 0, body: parsed, retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined });
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error(`POST ${url.pathname} timed out after ${this.timeoutMs} ms`)));
      request.on('error', reject);
      onSend?.();
      request.end(raw);
    });
  }
}
