/**
 * What provider calls cost in US dollars, for the usage log (what the platform pays; credits are
 * what the customer pays). List prices per million tokens, and per image at the sizes we ask for;
 * an account can override them per model in its OpenAI settings (`pricing`). Models we have no
 * price for (self-hosted Ollama or vLLM, say) cost nothing.
 */
export interface ModelPrice {
  input_per_million?: number;
  output_per_million?: number;
  per_image?: number;
}

const LIST_PRICES: Record<string, ModelPrice> = {
  'gpt-4.1': { input_per_million: 2, output_per_million: 8 },
  'gpt-4.1-mini': { input_per_million: 0.4, output_per_million: 1.6 },
  'gpt-4.1-nano': { input_per_million: 0.1, output_per_million: 0.4 },
  'gpt-4o': { input_per_million: 2.5, output_per_million: 10 },
  'gpt-4o-mini': { input_per_million: 0.15, output_per_million: 0.6 },
  'gpt-image-1': { per_image: 0.063 },
  'dall-e-3': { per_image: 0.08 },
};

/** The price of a model: an override first, then the list price of the model or of its dated snapshot (gpt-4.1-2025-04-14). */
function priceOf(model: string, overrides: Record<string, ModelPrice>): ModelPrice | undefined {
  if (overrides[model]) return overrides[model];
  if (LIST_PRICES[model]) return LIST_PRICES[model];
  const undated = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return overrides[undated] ?? LIST_PRICES[undated];
}

export function textCostUsd(model: string, tokensIn: number, tokensOut: number, overrides: Record<string, ModelPrice> = {}): number {
  const price = priceOf(model, overrides);
  if (!price) return 0;
  return ((price.input_per_million ?? 0) * tokensIn + (price.output_per_million ?? 0) * tokensOut) / 1_000_000;
}

export function imageCostUsd(model: string, images: number, overrides: Record<string, ModelPrice> = {}): number {
  return (priceOf(model, overrides)?.per_image ?? 0) * images;
}
