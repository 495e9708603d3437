/** Words that carry no topic: a keyword about "the best cheap running shoes for women" is about "cheap running shoe women". */
const STOPWORDS = new Set(
  (
    'a an the and or of for to in on at by with from into about as is are was be can do does how what which who why when where ' +
    'best top good great vs versus near me my your our i you it this that these those 2020 2021 2022 2023 2024 2025 2026 2027 online free'
  ).split(' '),
);

/** A small general lexicon: words a searcher uses for the same thing end up as one term. */
const SYNONYMS: Record<string, string> = Object.fromEntries(
  [
    ['cheap', 'affordable budget inexpensive lowcost low-cost'],
    ['buy', 'purchase order shop'],
    ['repair', 'fix fixing mend'],
    ['guide', 'tutorial howto how-to walkthrough'],
    ['car', 'auto automobile vehicle'],
    ['phone', 'smartphone mobile cellphone'],
    ['laptop', 'notebook'],
    ['photo', 'picture image pic'],
    ['kid', 'child children kids'],
    ['woman', 'women ladies female womens'],
    ['man', 'men male mens'],
    ['review', 'reviews rating ratings'],
    ['price', 'cost prices pricing'],
    ['sneaker', 'trainer'],
    ['home', 'house'],
    ['bike', 'bicycle'],
    ['plan', 'schedule'],
  ].flatMap(([canonical, words]) => words!.split(' ').map((word) => [word, canonical!])),
);

/**
 * A light English stemmer (the common inflections only): enough that "shoes", "shoe" and
 * "running", "runs" meet, without Porter's over-reach ("university" ≠ "universe").
 */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && (w.endsWith('sses') || w.endsWith('shes') || w.endsWith('ches') || w.endsWith('xes'))) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.length > 8 && w.endsWith('ment')) w = w.slice(0, -4); // replacement → replace
  if (w.length > 5 && w.endsWith('ing')) {
    w = w.slice(0, -3);
    if (/([b-df-hj-np-tv-z])\1$/.test(w)) w = w.slice(0, -1); // running → run
  } else if (w.length > 4 && w.endsWith('ed')) {
    w = w.slice(0, -2);
    if (/([b-df-hj-np-tv-z])\1$/.test(w)) w = w.slice(0, -1);
  }
  return w;
}

/** The terms of a keyword: normalised, split, stopwords out, synonyms folded, stemmed, de-duplicated. */
export function termsOf(keyword: string): string[] {
  const words = keyword
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]+/gu, ' ')
    .split(/[\s-]+/u)
    .filter((word) => word.length > 0 && !STOPWORDS.has(word) && !/^\d+$/.test(word));
  const terms = words.map((word) => {
    const direct = SYNONYMS[word];
    if (direct) return direct;
    const stemmed = stem(word);
    return SYNONYMS[stemmed] ?? stemmed;
  });
  return [...new Set(terms)];
}

/** Character trigrams of a term, padded so short terms have some. */
export function trigrams(term: string): string[] {
  const padded = `  ${term} `;
  const grams = new Set<string>();
  for (let index = 0; index + 3 <= padded.length; index += 1) grams.add(padded.slice(index, index + 3));
  return [...grams];
}
