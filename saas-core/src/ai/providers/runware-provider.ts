import { randomUUID } from 'node:crypto';
import { AiError } from '../errors';

export interface RunwareSettings {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  maxRetries?: number;
}

interface RunwareAnswer {
  data?: { taskType?: string; taskUUID?: string; imageBase64Data?: string; cost?: number }[];
  errors?: { code?: string; message?: string }[];
}

/**
 * Runware image generation over its HTTP task API. 429s and 5xx are retried (honouring
 * Retry-After) up to `maxRetries`; every failure is an AiError with a stable code.
 */
export class RunwareProvider {
  constructor(private readonly settings: RunwareSettings) {}

  async generateImage(request: {
    model: string;
    prompt: string;
    width?: number;
    height?: number;
    signal?: AbortSignal;
  }): Promise<{ image: Buffer; costUsd: number }> {
    const taskUUID = randomUUID();
    const tasks = [
      { taskType: 'authentication', apiKey: this.settings.apiKey },
      {
        taskType: 'imageInference',
        taskUUID,
        model: request.model,
        positivePrompt: request.prompt,
        width: request.width ?? 1024,
        height: request.height ?? 1024,
        numberResults: 1,
        outputType: 'base64Data',
        outputFormat: 'PNG',
      },
    ];
    const answer = await this.post(tasks, request.signal);
    const result = answer.data?.find((item) => item.taskType === 'imageInference' && item.taskUUID === taskUUID);
    if (!result?.imageBase64Data) throw new AiError('BAD_OUTPUT', 'Runware answered without the image.');
    return { image: Buffer.from(result.imageBase64Data, 'base64'), costUsd: result.cost ?? 0 };
  }

  /** Checks the key: an authentication task alone, which costs nothing. */
  async authenticate(): Promise<void> {
    await this.post([{ taskType: 'authentication', apiKey: this.settings.apiKey }]);
  }

  private async post(tasks: object[], signal?: AbortSignal): Promise<RunwareAnswer> {
    const retries = this.settings.maxRetries ?? 2;
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(this.settings.baseUrl ?? 'https://api.runware.ai/v1', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(tasks),
          signal: signal
            ? AbortSignal.any([signal, AbortSignal.timeout(this.settings.timeoutMs ?? 120_000)])
            : AbortSignal.timeout(this.settings.timeoutMs ?? 120_000),
        });
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        if (attempt < retries) continue;
        throw new AiError('PROVIDER_UNAVAILABLE', `Runware could not be reached: ${(err as Error).message}`);
      }
      const wait = retryAfterMs(response.headers.get('retry-after'), attempt);
      if ((response.status === 429 || response.status >= 500) && attempt < retries) {
        await response.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 60_000)));
        continue;
      }
      let answer: RunwareAnswer;
      try {
        answer = (await response.json()) as RunwareAnswer;
      } catch (err) {
        throw new AiError('BAD_OUTPUT', `Runware's answer is not JSON: ${(err as Error).message}`);
      }
      if (response.ok && !answer.errors?.length) return answer;
      const detail = `${response.status} ${answer.errors?.map((error) => `${error.code}: ${error.message}`).join('; ') ?? ''}`;
      if (response.status === 429) throw new AiError('RATE_LIMITED', detail, Math.ceil(wait / 1000));
      if (/insufficient.?credits|quota/i.test(detail)) throw new AiError('QUOTA_EXCEEDED', detail);
      if (/nsfw|safety|moderation|content policy/i.test(detail)) throw new AiError('MODERATION_BLOCKED', detail);
      throw new AiError('PROVIDER_UNAVAILABLE', detail);
    }
  }
}

/** Retry-After in seconds or as a date; else exponential backoff from 500 ms. */
function retryAfterMs(header: string | null, attempt: number): number {
  const seconds = Number(header);
  if (header && Number.isFinite(seconds)) return seconds * 1000;
  const date = header ? Date.parse(header) : Number.NaN;
  if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  return 500 * 2 ** attempt;
}
