/**
 * `infraprism price <model>`: what InfraPrism would charge for a model, straight from the bundled
 * price table and `calculateCost`, the same function every span's cost comes from.
 */
import { calculateCost, lookupPrice, type CostResult, type TokenPrice } from '../pricing/index.js';
import { BUNDLED_PRICES_AS_OF } from '../pricing/index.js';

export interface PriceOptions {
  model: string;
  provider?: string | undefined;
  inputTokens: number;
  outputTokens: number;
}

export interface PriceReport {
  /** Exit code: 0 priced, 1 no price known. */
  code: number;
  text: string;
  result: CostResult;
}

const PRICE_LABELS = [
  ['input', 'input'],
  ['cacheReadInput', 'cached input (read)'],
  ['cacheWrite5mInput', 'cache write (5 min)'],
  ['cacheWrite1hInput', 'cache write (1 hour)'],
  ['output', 'output'],
  ['audioInput', 'audio input'],
  ['audioOutput', 'audio output'],
  ['imageInput', 'image input'],
  ['imageOutput', 'image output'],
] as const;

export function reportPrice(options: PriceOptions): PriceReport {
  const result = calculateCost({
    provider: options.provider,
    model: options.model,
    usage: { inputTokens: options.inputTokens, outputTokens: options.outputTokens },
  });
  const asked = options.provider === undefined ? options.model : `${options.model} (provider ${options.provider})`;
  if (result.match === undefined) {
    const text = [
      `No price known for ${asked} in the bundled prices (as of ${BUNDLED_PRICES_AS_OF}).`,
      'Its calls are recorded with infraprism.cost.status=unknown_model and no cost, never as $0.',
    ].join('\n');
    return { code: 1, text, result };
  }
  const { match } = result;
  // The price in force now (a dated price change picks today's), as every span would be priced.
  const price = lookupPrice({ provider: options.provider, model: options.model })?.price;
  const lines = [`${match.model} (${match.provider}), bundled prices as of ${BUNDLED_PRICES_AS_OF}, USD per 1M tokens:`];
  for (const [field, label] of PRICE_LABELS) {
    const perMillion = price?.[field];
    if (perMillion !== undefined) lines.push(`  ${label.padEnd(22)} ${formatTokenPrice(perMillion)}`);
  }
  if (price?.webSearchesPerThousand !== undefined) {
    lines.push(`  ${'web search'.padEnd(22)} $${formatUsd(price.webSearchesPerThousand)} per 1000 searches`);
  }
  const count = (n: number): string => n.toLocaleString('en-US');
  lines.push(
    '',
    `A call with ${count(options.inputTokens)} input and ${count(options.outputTokens)} output tokens: $${formatUsd(result.usd ?? 0)}`,
  );
  if (match.isOtherProvider) {
    lines.push(`${options.provider} has no price of its own for it: calls are recorded with infraprism.cost.status=${result.status}.`);
  }
  return { code: 0, text: lines.join('\n'), result };
}

/** A flat price, or a long-context price with the input size each tier starts above. */
function formatTokenPrice(price: TokenPrice): string {
  if (typeof price === 'number') return `$${formatUsd(price)}`;
  const tiers = price.tiers.map((tier) => `$${formatUsd(tier.price)} above ${tier.start.toLocaleString('en-US')} input tokens`);
  return [`$${formatUsd(price.base)}`, ...tiers].join('; ');
}

/** Cents as on a price sheet ($2.50), more digits only for sub-cent amounts, no float noise. */
function formatUsd(usd: number): string {
  return Number(usd.toFixed(2)) === usd ? usd.toFixed(2) : Number(usd.toPrecision(10)).toString();
}
