/**
 * A labelled keyword set for measuring the local engine: each topic lists keywords a human would
 * put in one article, with plurals, word order, synonyms ("cheap"/"affordable", "fix"/"repair"),
 * modifiers ("best", years, "near me") and typos; neighbouring topics share words on purpose
 * ("running shoes" / "running socks", "apple pie" / "apple watch") so near misses are tested too.
 */
export const LABELLED_TOPICS: Record<string, string[]> = {
  running_shoes: ['running shoes', 'best running shoes', 'running shoes 2026', 'shoes for running', 'runing shoes', 'running shoe'],
  running_socks: ['running socks', 'best running socks', 'socks for running', 'running sock'],
  trail_running_shoes: ['trail running shoes', 'best trail running shoes', 'trail shoes running', 'trail running shoe'],
  cheap_running_shoes: ['cheap running shoes', 'affordable running shoes', 'budget running shoes', 'inexpensive running shoes'],
  marathon_training: ['marathon training plan', 'marathon training schedule', 'training plan for a marathon', 'marathon training plans'],
  apple_pie: ['apple pie recipe', 'easy apple pie recipe', 'recipe for apple pie', 'apple pie recipes', 'best apple pie recipe'],
  apple_watch: ['apple watch bands', 'apple watch band', 'best apple watch bands', 'bands for apple watch'],
  phone_repair: ['phone screen repair', 'fix phone screen', 'smartphone screen repair', 'phone screen fix', 'repair phone screen near me'],
  laptop_repair: ['laptop battery replacement', 'replace laptop battery', 'notebook battery replacement', 'laptop battery replacements'],
  car_insurance: ['car insurance quotes', 'auto insurance quotes', 'car insurance quote', 'vehicle insurance quotes', 'cheap car insurance quotes'],
  home_insurance: ['home insurance quotes', 'house insurance quotes', 'home insurance quote'],
  dog_food: ['grain free dog food', 'best grain free dog food', 'dog food grain free', 'grain-free dog food'],
  cat_litter: ['clumping cat litter', 'best clumping cat litter', 'cat litter clumping', 'clumping litter for cats'],
  buy_bike: ['buy road bike', 'purchase road bike', 'road bike buy online', 'buy a road bike'],
  bike_repair: ['bike chain repair', 'fix bike chain', 'bicycle chain repair', 'repair bike chain'],
  photo_editing: ['photo editing software', 'picture editing software', 'best photo editing software', 'image editing software'],
  kids_shoes: ['kids running shoes', 'running shoes for kids', 'children running shoes', 'kid running shoes'],
  womens_shoes: ['womens running shoes', 'running shoes for women', 'ladies running shoes', 'women running shoes'],
  seo_audit: ['seo audit checklist', 'seo audit check list', 'checklist for seo audit', 'seo audits checklist'],
  keyword_research: ['keyword research tools', 'keyword research tool', 'best keyword research tools', 'tools for keyword research'],
  wordpress_hosting: ['wordpress hosting', 'best wordpress hosting', 'hosting for wordpress', 'managed wordpress hosting'],
  python_tutorial: ['python tutorial for beginners', 'python guide for beginners', 'beginner python tutorial', 'python tutorials beginners'],
  coffee_grinder: ['burr coffee grinder', 'best burr coffee grinder', 'coffee grinder burr', 'burr grinder for coffee'],
  espresso_machine: ['espresso machine reviews', 'espresso machine review', 'espresso machines reviews', 'espresso machine ratings'],
};

export function labelledKeywords(): { id: number; keyword: string; volume: number; topic: string }[] {
  let id = 0;
  return Object.entries(LABELLED_TOPICS).flatMap(([topic, keywords]) =>
    keywords.map((keyword, position) => ({ id: (id += 1), keyword, volume: 1000 - position * 100, topic })),
  );
}

/**
 * The adjusted Rand index between two labellings of the same items: 1 for identical groupings,
 * about 0 for chance. Unclustered items each count as a group of their own.
 */
export function adjustedRandIndex(truth: string[], predicted: string[]): number {
  const choose2 = (n: number) => (n * (n - 1)) / 2;
  const pairs = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  truth.forEach((label, index) => {
    const key = `${label}\u0000${predicted[index]}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
    rows.set(label, (rows.get(label) ?? 0) + 1);
    cols.set(predicted[index]!, (cols.get(predicted[index]!) ?? 0) + 1);
  });
  const index = [...pairs.values()].reduce((sum, n) => sum + choose2(n), 0);
  const rowSum = [...rows.values()].reduce((sum, n) => sum + choose2(n), 0);
  const colSum = [...cols.values()].reduce((sum, n) => sum + choose2(n), 0);
  const expected = (rowSum * colSum) / choose2(truth.length);
  const max = (rowSum + colSum) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/** Predicted labels per item, in input order, from the engine's output. */
export function labelsOf(ids: number[], clusters: { keywordIds: number[] }[]): string[] {
  const label = new Map<number, string>();
  clusters.forEach((cluster, index) => cluster.keywordIds.forEach((id) => label.set(id, `c${index}`)));
  return ids.map((id) => label.get(id) ?? `single-${id}`);
}
