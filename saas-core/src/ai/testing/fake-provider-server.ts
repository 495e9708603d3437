import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { plausibleAnswer } from './plausible-answers';

/** A 1×1 PNG, the image every generation answers with unless a step says otherwise. */
export const TINY_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export type Endpoint = 'chat' | 'images' | 'models' | 'runware';

/**
 * One scripted answer. With `content`, a chat completion carrying it (objects are sent as JSON
 * text); with `body`, exactly that JSON; with `raw`, that text as it is (malformed JSON); `hang`
 * never answers; `delayMs` answers late.
 */
export interface ScriptedStep {
  status?: number;
  headers?: Record<string, string>;
  delayMs?: number;
  hang?: boolean;
  content?: unknown;
  finishReason?: 'stop' | 'length' | 'content_filter';
  usage?: { prompt_tokens: number; completion_tokens: number };
  body?: unknown;
  raw?: string;
  /** An OpenAI-style error envelope: `{ error: { message, type, code } }`. */
  error?: { message: string; type?: string; code?: string };
}

export interface RecordedRequest {
  endpoint: Endpoint;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/**
 * An OpenAI-compatible (and Runware-compatible) HTTP server on loopback for tests: each endpoint
 * answers from its script, in order, then with a plain success (for our own prompts, a valid answer). The product reaches it only
 * through the real SDK or HTTP client, so rate limits, errors, timeouts and bad output are real.
 */
export class FakeProviderServer {
  readonly requests: RecordedRequest[] = [];
  private readonly scripts = new Map<Endpoint, ScriptedStep[]>();
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<FakeProviderServer> {
    const handlers: { handle?: FakeProviderServer['handle'] } = {};
    const server = createServer((request, response) => void handlers.handle?.(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeProviderServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    handlers.handle = fake.handle.bind(fake);
    return fake;
  }

  /** The base URL the OpenAI SDK takes. */
  get openAiBaseUrl(): string {
    return `${this.origin}/v1`;
  }

  script(endpoint: Endpoint, steps: ScriptedStep[]): this {
    this.scripts.set(endpoint, [...(this.scripts.get(endpoint) ?? []), ...steps]);
    return this;
  }

  reset(): void {
    this.scripts.clear();
    this.requests.length = 0;
  }

  requestsTo(endpoint: Endpoint): RecordedRequest[] {
    return this.requests.filter((request) => request.endpoint === endpoint);
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = { unparsed: text };
    }
    const endpoint = endpointOf(request.method ?? 'GET', request.url ?? '/');
    if (!endpoint) {
      send(response, 404, { error: { message: `No fake for ${request.method} ${request.url}`, type: 'invalid_request_error' } });
      return;
    }
    this.requests.push({ endpoint, path: request.url ?? '/', headers: request.headers, body });
    const step = this.scripts.get(endpoint)?.shift() ?? {};
    if (step.hang) {
      this.hanging.add(response);
      response.on('close', () => this.hanging.delete(response));
      return;
    }
    if (step.delayMs) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
    if (response.destroyed) return;
    const status = step.status ?? (step.error ? 400 : 200);
    if (step.raw !== undefined) {
      response.writeHead(status, { 'Content-Type': 'application/json', ...step.headers });
      response.end(step.raw);
      return;
    }
    if (step.error) return send(response, status, { error: { type: 'invalid_request_error', code: null, ...step.error } }, step.headers);
    if (step.body !== undefined) return send(response, status, step.body, step.headers);
    send(response, status, successBody(endpoint, step, body), step.headers);
  }
}

function endpointOf(method: string, url: string): Endpoint | null {
  const path = url.split('?')[0];
  if (method === 'POST' && path === '/v1/chat/completions') return 'chat';
  if (method === 'POST' && path === '/v1/images/generations') return 'images';
  if (method === 'GET' && path === '/v1/models') return 'models';
  if (method === 'POST' && (path === '/runware' || path === '/v1/runware')) return 'runware';
  return null;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function successBody(endpoint: Endpoint, step: ScriptedStep, request: Record<string, unknown>): unknown {
  switch (endpoint) {
    case 'chat': {
      const content = step.content ?? plausibleAnswer(request) ?? {};
      return {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: String(request.model ?? 'fake-model'),
        choices: [
          {
            index: 0,
            finish_reason: step.finishReason ?? 'stop',
            message: { role: 'assistant', content: typeof content === 'string' ? content : JSON.stringify(content), refusal: null },
          },
        ],
        usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150, ...step.usage },
      };
    }
    case 'images':
      return { created: Math.floor(Date.now() / 1000), data: Array.from({ length: Number(request.n ?? 1) }, () => ({ b64_json: TINY_PNG_BASE64 })) };
    case 'models':
      return { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'igny8-tests' }] };
    case 'runware': {
      const tasks = Array.isArray(request) ? request : (request as { unparsed?: unknown }).unparsed ? [] : [request];
      return {
        data: (tasks as { taskUUID?: string; taskType?: string }[])
          .filter((task) => task.taskType === 'imageInference')
          .map((task) => ({ taskType: 'imageInference', taskUUID: task.taskUUID, imageBase64Data: TINY_PNG_BASE64, cost: 0.0013 })),
      };
    }
  }
}
