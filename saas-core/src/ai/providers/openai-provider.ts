import OpenAI from 'openai';
import { z } from 'zod';
import { AiError, type SpentUsage } from '../errors';

export interface OpenAiSettings {
  apiKey: string;
  /** Any OpenAI-compatible endpoint: OpenAI, an Azure-style gateway, Ollama, vLLM. */
  baseUrl?: string;
  timeoutMs?: number;
  /** Retries of 429s (honouring Retry-After), 5xx and dropped connections, done by the SDK. */
  maxRetries?: number;
}

export interface StructuredRequest<S extends z.ZodType> {
  model: string;
  system: string;
  user: string;
  /** Names the JSON schema sent as the response format. */
  schemaName: string;
  schema: S;
  /** Checks a schema cannot express (the outline's sections, say); a message sends the answer back for its repair. */
  check?: (data: z.output<S>) => string | null;
  maxOutputTokens?: number;
  signal?: AbortSignal;
}

export interface StructuredResult<T> {
  data: T;
  model: string;
  tokensIn: number;
  tokensOut: number;
  /** 1, or 2 when the first answer had to be repaired. */
  attempts: number;
}

/**
 * The OpenAI provider, through the official SDK. Answers come back as JSON matching a zod schema
 * (sent as a JSON-schema response format); an answer that does not match gets one repair attempt,
 * then fails as BAD_OUTPUT. Every failure is an AiError with a stable code.
 */
export class OpenAiProvider {
  private readonly client: OpenAI;

  constructor(settings: OpenAiSettings) {
    this.client = new OpenAI({
      apiKey: settings.apiKey,
      baseURL: settings.baseUrl ?? 'https://api.openai.com/v1',
      timeout: settings.timeoutMs ?? 120_000,
      maxRetries: settings.maxRetries ?? 2,
    });
  }

  async structured<S extends z.ZodType>(request: StructuredRequest<S>): Promise<StructuredResult<z.output<S>>> {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
      { role: 'system', content: request.system },
      { role: 'user', content: request.user },
    ];
    const jsonSchema = jsonSchemaOf(request.schema);
    let tokensIn = 0;
    let tokensOut = 0;
    let model = request.model;
    let problem = '';
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const completion = await this.call(
        () =>
          this.client.chat.completions.create(
            {
              model: request.model,
              messages,
              response_format: { type: 'json_schema', json_schema: { name: request.schemaName, schema: jsonSchema } },
              ...(request.maxOutputTokens ? { max_completion_tokens: request.maxOutputTokens } : {}),
            },
            { signal: request.signal },
          ),
        () => ({ model, calls: attempt - 1, tokensIn, tokensOut }),
      );
      tokensIn += completion.usage?.prompt_tokens ?? 0;
      tokensOut += completion.usage?.completion_tokens ?? 0;
      model = completion.model || model;
      const choice = completion.choices?.[0];
      if (!choice) throw new AiError('BAD_OUTPUT', 'The completion had no choices.');
      if (choice.finish_reason === 'content_filter' || choice.message?.refusal) {
        throw new AiError('MODERATION_BLOCKED', choice.message?.refusal ?? 'finish_reason content_filter');
      }
      const text = choice.message?.content ?? '';
      const parsed = parseJson(text);
      const checked = parsed.ok ? request.schema.safeParse(parsed.value) : null;
      const mismatch = checked?.success ? (request.check?.(checked.data) ?? null) : null;
      if (checked?.success && !mismatch) return { data: checked.data, model, tokensIn, tokensOut, attempts: attempt };
      problem = !parsed.ok ? `not JSON (${parsed.error})` : !checked!.success ? z.prettifyError(checked!.error) : mismatch!;
      if (choice.finish_reason === 'length') problem += '; the answer was cut off at the length limit';
      // One repair: show the model its answer and what was wrong with it.
      messages.push(
        { role: 'assistant', content: text.slice(0, 20_000) },
        {
          role: 'user',
          content: `That answer does not match the required JSON schema: ${problem.slice(0, 2000)}\nAnswer again with only the corrected JSON.`,
        },
      );
    }
    throw spending(new AiError('BAD_OUTPUT', `Still invalid after one repair: ${problem}`), { model, calls: 2, tokensIn, tokensOut });
  }

  /** Checks the key and endpoint with a cheap call. */
  async testConnection(): Promise<{ models: string[] }> {
    const page = await this.call(() => this.client.models.list());
    return { models: page.data.map((model) => model.id).slice(0, 50) };
  }

  async generateImage(request: {
    model: string;
    prompt: string;
    size?: '1024x1024' | '1536x1024' | '1024x1536';
    signal?: AbortSignal;
  }): Promise<Buffer> {
    const result = await this.call(() =>
      this.client.images.generate(
        {
          model: request.model,
          prompt: request.prompt,
          size: request.size ?? '1024x1024',
          n: 1,
          // gpt-image models always answer in base64 and refuse the parameter; DALL·E needs it.
          ...(/^dall-e/.test(request.model) ? { response_format: 'b64_json' as const } : {}),
        },
        { signal: request.signal },
      ),
    );
    const image = result.data?.[0]?.b64_json;
    if (!image) throw new AiError('BAD_OUTPUT', 'The image response held no image.');
    return Buffer.from(image, 'base64');
  }

  private async call<T>(run: () => Promise<T>, spentSoFar?: () => SpentUsage): Promise<T> {
    try {
      return await run();
    } catch (err) {
      const spent = spentSoFar?.();
      return Promise.reject(spent && spent.tokensIn + spent.tokensOut > 0 ? spending(toAiError(err), spent) : toAiError(err));
    }
  }
}

function spending(err: AiError, spent: SpentUsage): AiError {
  err.spent = spent;
  return err;
}

/** Each schema's JSON-schema form, built once: schemas are module constants and building one is not free. */
const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();
function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  let json = jsonSchemas.get(schema);
  if (!json) jsonSchemas.set(schema, (json = z.toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown>));
  return json;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  // Some compatible servers wrap JSON in a markdown fence even when asked for a schema.
  const unfenced = text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, '$1');
  try {
    return { ok: true, value: JSON.parse(unfenced) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** Maps the SDK's errors (after its own retries) to our codes. */
export function toAiError(err: unknown): AiError {
  if (err instanceof AiError) return err;
  if (err instanceof OpenAI.APIConnectionTimeoutError) return new AiError('PROVIDER_UNAVAILABLE', 'The AI service did not answer in time.');
  if (err instanceof OpenAI.APIConnectionError) return new AiError('PROVIDER_UNAVAILABLE', `Connection failed: ${err.message}`);
  if (err instanceof OpenAI.APIError) {
    const code = String(err.code ?? (err.error as { code?: string } | undefined)?.code ?? '');
    const detail = `${err.status ?? ''} ${code} ${err.message}`.trim();
    if (err.status === 429) {
      if (code === 'insufficient_quota') return new AiError('QUOTA_EXCEEDED', detail);
      return new AiError('RATE_LIMITED', detail, retryAfterSeconds(err.headers));
    }
    if (code === 'context_length_exceeded' || /maximum context length|context window/i.test(err.message))
      return new AiError('CONTEXT_TOO_LONG', detail);
    if (code === 'content_policy_violation' || code === 'content_filter' || /content (management )?policy|safety system/i.test(err.message)) {
      return new AiError('MODERATION_BLOCKED', detail);
    }
    if (err.status === 401 || err.status === 403) return new AiError('PROVIDER_UNAVAILABLE', `The API key was refused: ${detail}`);
    // 5xx, and 4xx that say the service would not take the request as sent (an unsupported model or option).
    return new AiError('PROVIDER_UNAVAILABLE', detail);
  }
  // A 200 whose body is not JSON reaches us as a parse error (from fetch's realm: compare names, not classes).
  if ((err as Error)?.name === 'SyntaxError') return new AiError('BAD_OUTPUT', `Unreadable response: ${(err as Error).message}`);
  return new AiError('PROVIDER_UNAVAILABLE', (err as Error)?.message ?? String(err));
}

function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(1, Math.ceil((date - Date.now()) / 1000));
}
