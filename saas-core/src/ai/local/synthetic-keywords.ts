/** A deterministic pseudo-random source, so benchmark inputs are the same on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = 'ka lo mi nu ra te vo shi an el or is ur ba de fi go hu ja ke li mo ne pa qu ri so tu ve wa xi yo ze'.split(' ');
const MODIFIERS = ['best', 'cheap', 'how to', 'for beginners', 'near me', '2026', 'reviews', 'vs', 'guide', 'ideas', 'online', 'free'];

/**
 * `count` keywords shaped like a real sector's list: topics of two or three words drawn from a
 * vocabulary with a long tail, each with variants (modifiers, plurals, word order). Deterministic.
 */
export function syntheticKeywords(count: number, seed = 7): { id: number; keyword: string; volume: number }[] {
  const random = mulberry32(seed);
  const vocabularySize = Math.max(200, Math.round(Math.sqrt(count) * 12));
  const vocabulary = Array.from({ length: vocabularySize }, () => {
    const syllables = 2 + Math.floor(random() * 2);
    return Array.from({ length: syllables }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');
  });
  // Zipf-like: low indexes are common words, the tail is rare.
  const word = () => vocabulary[Math.floor(vocabularySize * random() ** 2)]!;
  const keywords: { id: number; keyword: string; volume: number }[] = [];
  while (keywords.length < count) {
    const head = Array.from({ length: 2 + Math.floor(random() * 2) }, word);
    const variants = 2 + Math.floor(random() * 8);
    for (let variant = 0; variant < variants && keywords.length < count; variant += 1) {
      const words = [...head];
      if (random() < 0.4) words.push(MODIFIERS[Math.floor(random() * MODIFIERS.length)]!);
      if (random() < 0.3) words.reverse();
      if (random() < 0.3) words[words.length - 1] = `${words[words.length - 1]}s`;
      keywords.push({ id: keywords.length + 1, keyword: words.join(' '), volume: Math.floor(10_000 * random() ** 3) });
    }
  }
  return keywords;
}
