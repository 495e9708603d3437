import { ContentOutput, IdeasOutput, ImagePromptsOutput } from '../functions/schemas';
import { localContentBrief, localIdeas, localImagePrompts, type LocalBriefInput, type LocalIdeasInput } from './drafts';

const LONG_KEYWORD = `${'ultra lightweight waterproof '.repeat(6)}trail running shoes for wide feet`.slice(0, 191);
const NASTY = `<script>alert("x")</script> shoes & socks 'quoted'`;

const trailKeywords = [
  { keyword: 'trail running shoes', volume: 9000 },
  { keyword: 'best trail running shoes', volume: 5000 },
  { keyword: 'trail running shoes women', volume: 3000 },
  { keyword: 'waterproof trail shoes', volume: 1200 },
  { keyword: 'trail shoes vs road shoes', volume: 800 },
  { keyword: 'how to clean trail shoes', volume: 300 },
  { keyword: 'zero drop trail shoes', volume: null },
  { keyword: 'cheap trail running shoes', volume: 2000 },
  { keyword: 'trail running shoes for beginners', volume: 150 },
  { keyword: 'minimalist trail shoes', volume: 90 },
];

const manyKeywords = Array.from({ length: 300 }, (_, index) => ({ keyword: `trail shoe topic ${index}`, volume: (index * 37) % 1000 }));

const ideaInputs: Record<string, LocalIdeasInput> = {
  'one keyword': { sector: 'Running gear', clusterName: 'trail running shoes', keywords: [{ keyword: 'trail running shoes', volume: 10 }], count: 5 },
  '300 keywords': { sector: 'Running gear', clusterName: 'trail shoes', keywords: manyKeywords, count: 7 },
  'unicode, emoji and RTL': {
    sector: 'Läufer',
    clusterName: 'laufschuhe 🏃',
    keywords: [
      { keyword: 'laufschuhe für damen', volume: 500 },
      { keyword: 'أحذية الجري', volume: 300 },
      { keyword: 'נעלי ריצה', volume: 200 },
      { keyword: '跑鞋 推荐 🏃‍♀️', volume: null },
    ],
    count: 4,
  },
  '191-character keyword': {
    sector: 'Running gear',
    clusterName: LONG_KEYWORD,
    keywords: [
      { keyword: LONG_KEYWORD, volume: 100 },
      { keyword: `${LONG_KEYWORD.slice(0, 180)} extra`, volume: 50 },
    ],
    count: 7,
  },
  'script and ampersand': { sector: 'R&D <b>', clusterName: NASTY, keywords: [{ keyword: NASTY, volume: 5 }], count: 3 },
  'no keywords': { sector: 'Running gear', clusterName: 'trail running shoes', keywords: [], count: 3 },
  'nothing at all': { sector: '', clusterName: '  ', keywords: [{ keyword: '   ', volume: null }], count: 6 },
  'count too low': { sector: 'Running gear', clusterName: 'trail running shoes', keywords: trailKeywords, count: 0 },
  'count too high': { sector: 'Running gear', clusterName: 'trail running shoes', keywords: trailKeywords, count: 42 },
  'count not a number': { sector: 'Running gear', clusterName: 'trail running shoes', keywords: trailKeywords, count: Number.NaN },
};

const briefBase: LocalBriefInput = {
  title: 'How to Choose Trail Running Shoes',
  brief: 'Help new trail runners pick their first pair.',
  outline: [
    { heading: '  Why Trail Shoes Differ  ', points: ['Grip and lugs', 'Protection from rocks'] },
    { heading: 'Finding the Right Fit', points: ['Toe box room', 'Heel lock'] },
    { heading: 'When to Replace Them', points: [] },
  ],
  keywords: ['trail running shoes', 'trail shoe fit', 'lug depth', 'rock plate'],
  wordCount: 1200,
  contentStructure: 'how_to',
  tone: 'friendly expert',
  language: 'en',
};

const briefInputs: Record<string, LocalBriefInput> = {
  'given outline': briefBase,
  'empty outline': { ...briefBase, outline: [] },
  'empty outline and keywords': { ...briefBase, outline: [], keywords: [], brief: null, wordCount: null },
  'tiny title': { ...briefBase, title: 'AI', brief: null, keywords: [], outline: [], contentStructure: 'nonsense' },
  'empty title': { ...briefBase, title: '   ', keywords: [] },
  'script and ampersand': {
    ...briefBase,
    title: NASTY,
    brief: NASTY,
    tone: NASTY,
    language: NASTY,
    keywords: [NASTY, `${NASTY} 2`],
    outline: [{ heading: NASTY, points: [NASTY] }],
  },
  '191-character keyword': { ...briefBase, title: `${LONG_KEYWORD} ${LONG_KEYWORD}`, keywords: [LONG_KEYWORD], outline: [] },
  'unicode, emoji and RTL': { ...briefBase, title: 'أحذية الجري 🏃 נעלי ריצה', keywords: ['أحذية الجري', '跑鞋'], language: 'ar', outline: [] },
  'listicle with 300 keywords': { ...briefBase, contentStructure: 'listicle', keywords: manyKeywords.map((item) => item.keyword), outline: [] },
  '25-section outline': { ...briefBase, outline: Array.from({ length: 25 }, (_, index) => ({ heading: `Part ${index + 1}`, points: ['x'] })) },
  'odd word counts': { ...briefBase, wordCount: -5 },
};

const htmlOf = (output: ContentOutput) => [output.introduction_html, ...output.sections.map((section) => section.html)];
const wordsIn = (html: string) => [...html.matchAll(/about (\d+) words/gu)].map((match) => Number(match[1]));

describe('localIdeas', () => {
  it.each(Object.entries(ideaInputs))('passes the schema: %s', (_, input) => {
    const output = localIdeas(input);
    expect(IdeasOutput.parse(output)).toEqual(output);
    for (const idea of output.ideas) {
      expect(idea.description.startsWith('Draft idea (local engine):')).toBe(true);
      expect(idea.title.length).toBeLessThanOrEqual(200);
      for (const section of idea.outline) expect(section.points.length).toBeGreaterThanOrEqual(2);
      for (const section of idea.outline) expect(section.points.length).toBeLessThanOrEqual(5);
    }
  });

  it('returns exactly count ideas, clamped to 3..7', () => {
    expect(localIdeas(ideaInputs['one keyword']!).ideas).toHaveLength(5);
    expect(localIdeas({ ...ideaInputs['one keyword']!, count: 3 }).ideas).toHaveLength(3);
    expect(localIdeas({ ...ideaInputs['one keyword']!, count: 7 }).ideas).toHaveLength(7);
    expect(localIdeas(ideaInputs['count too low']!).ideas).toHaveLength(3);
    expect(localIdeas(ideaInputs['count too high']!).ideas).toHaveLength(7);
  });

  it('gives distinct titles and at least three structures', () => {
    for (const input of Object.values(ideaInputs)) {
      const { ideas } = localIdeas(input);
      expect(new Set(ideas.map((idea) => idea.title)).size).toBe(ideas.length);
      if (ideas.length >= 5) expect(new Set(ideas.map((idea) => idea.content_structure)).size).toBeGreaterThanOrEqual(3);
    }
  });

  it('orders target keywords by volume, strongest first, at most 15', () => {
    const volumeOf = new Map(manyKeywords.map((item) => [item.keyword, item.volume]));
    for (const idea of localIdeas(ideaInputs['300 keywords']!).ideas) {
      expect(idea.target_keywords.length).toBeLessThanOrEqual(15);
      const volumes = idea.target_keywords.map((keyword) => volumeOf.get(keyword)!);
      expect(volumes).toEqual([...volumes].sort((a, b) => b - a));
      expect(volumes[0]).toBe(999);
    }
    // Idea i takes every third secondary keyword; null volumes rank last.
    const { ideas } = localIdeas({ ...ideaInputs['count too low']!, count: 3 });
    expect(ideas.map((idea) => idea.target_keywords)).toEqual([
      ['trail running shoes', 'best trail running shoes', 'waterproof trail shoes', 'trail running shoes for beginners'],
      ['trail running shoes', 'trail running shoes women', 'trail shoes vs road shoes', 'minimalist trail shoes'],
      ['trail running shoes', 'cheap trail running shoes', 'how to clean trail shoes', 'zero drop trail shoes'],
    ]);
  });

  it('falls back to the cluster name when there are no keywords', () => {
    for (const idea of localIdeas(ideaInputs['no keywords']!).ideas) expect(idea.target_keywords).toEqual(['trail running shoes']);
  });

  it('covers every secondary keyword somewhere across the ideas, in different ideas', () => {
    const { ideas } = localIdeas({ ...ideaInputs['count too low']!, count: 3 });
    const outlineText = ideas.map((idea) => JSON.stringify(idea.outline).toLowerCase());
    for (const { keyword } of trailKeywords.slice(1)) expect(outlineText.some((text) => text.includes(keyword))).toBe(true);
    // Not every idea repeats the same secondaries.
    expect(new Set(ideas.map((idea) => idea.target_keywords.slice(1).join('|'))).size).toBe(ideas.length);
  });

  it('fits outlines to the structure and hints', () => {
    const { ideas } = localIdeas(ideaInputs['count too high']!);
    const byStructure = new Map(ideas.map((idea) => [idea.content_structure, idea]));
    const headings = (structure: string) => byStructure.get(structure as never)!.outline.map((section) => section.heading);
    expect(headings('how_to')).toEqual(expect.arrayContaining(['Before You Start', 'Step-by-Step Instructions', 'Common Mistakes to Avoid']));
    expect(headings('comparison')).toEqual(expect.arrayContaining(['What to Compare', 'The Verdict: Which to Choose']));
    expect(
      headings('listicle')
        .slice(1, -1)
        .every((heading, index) => heading.startsWith(`${index + 1}. `)),
    ).toBe(true);
    // "… for beginners", "how to …", "best …" and "… vs …" keywords bring those structures to the front.
    expect(ideas.slice(0, 4).map((idea) => idea.content_structure)).toEqual(['guide', 'how_to', 'listicle', 'comparison']);
    expect(localIdeas(ideaInputs['no keywords']!).ideas.map((idea) => idea.content_structure)).toEqual(['guide', 'how_to', 'listicle']);
    for (const idea of ideas) expect(idea.estimated_word_count).toBeGreaterThanOrEqual(800);
  });

  it('title-cases keywords without breaking cased words', () => {
    const { ideas } = localIdeas({ sector: 'Phones', clusterName: 'iPhone repair for the SEO team', keywords: [], count: 3 });
    expect(ideas.map((idea) => idea.title)).toContain('iPhone Repair for the SEO Team: A Practical Guide for Beginners');
  });

  it('is deterministic', () => {
    for (const input of Object.values(ideaInputs)) expect(localIdeas(input)).toEqual(localIdeas(structuredClone(input)));
  });
});

describe('localContentBrief', () => {
  it.each(Object.entries(briefInputs))('passes the schema: %s', (_, input) => {
    const output = localContentBrief(input);
    expect(ContentOutput.parse(output)).toEqual(output);
    expect(output.meta_title.length).toBeLessThanOrEqual(60);
    expect(output.meta_description.length).toBeLessThanOrEqual(155);
    expect(output.introduction_html).toMatch(
      /^<p><strong>Draft brief from the local engine\.<\/strong> This is a writing plan, not a finished article/u,
    );
    for (const html of htmlOf(output)) {
      expect(html).not.toMatch(/<script/iu);
      const tags = [...html.matchAll(/<\/?([a-z0-9]+)[^>]*>/giu)].map((match) => match[1]!.toLowerCase());
      expect(tags.every((tag) => ['p', 'ul', 'ol', 'li', 'strong', 'em'].includes(tag))).toBe(true);
    }
  });

  it('has one section per outline heading, in order, trimmed', () => {
    expect(localContentBrief(briefBase).sections.map((section) => section.heading)).toEqual([
      'Why Trail Shoes Differ',
      'Finding the Right Fit',
      'When to Replace Them',
    ]);
    const long = localContentBrief(briefInputs['25-section outline']!);
    expect(long.sections.map((section) => section.heading)).toEqual(Array.from({ length: 20 }, (_, index) => `Part ${index + 1}`));
    expect(long.introduction_html).toContain('25 sections given');
  });

  it('builds a six-section outline when none is given', () => {
    const output = localContentBrief(briefInputs['empty outline']!);
    expect(output.sections.map((section) => section.heading)).toEqual([
      'Before You Start',
      'Step-by-Step Instructions',
      'Tips for Better Results',
      'Common Mistakes to Avoid',
      'Troubleshooting',
      'Frequently Asked Questions',
    ]);
    expect(localContentBrief(briefInputs['tiny title']!).sections).toHaveLength(6);
  });

  it('lists the points and spreads the keywords over the sections', () => {
    const output = localContentBrief(briefBase);
    expect(output.sections[0]!.html).toContain('<ul><li>Grip and lugs</li><li>Protection from rocks</li></ul>');
    expect(output.sections[0]!.html).toContain('<em>trail shoe fit</em>');
    expect(output.sections[1]!.html).toContain('<em>lug depth</em>');
    expect(output.sections[2]!.html).toContain('<em>rock plate</em>');
    expect(output.introduction_html).toContain('<em>trail running shoes</em>');
  });

  it('escapes user text', () => {
    const output = localContentBrief(briefInputs['script and ampersand']!);
    const all = htmlOf(output).join('');
    expect(all).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; shoes &amp; socks &#39;quoted&#39;');
    expect(all).not.toMatch(/<script|&(?!amp;|lt;|gt;|quot;|#39;)/u);
    // Headings are plain text, kept as given.
    expect(output.sections[0]!.heading).toBe(NASTY);
  });

  it('splits the word target across the introduction and sections', () => {
    for (const [input, target] of [
      [briefBase, 1200],
      [briefInputs['empty outline and keywords']!, 1500],
      [briefInputs['25-section outline']!, 1200],
    ] as const) {
      const output = localContentBrief(input);
      const intro = wordsIn(output.introduction_html);
      expect(intro[0]).toBe(target);
      const perSection = output.sections.map((section) => wordsIn(section.html)[0]!);
      const sum = intro[1]! + perSection.reduce((total, words) => total + words, 0);
      expect(Math.abs(sum - target)).toBeLessThanOrEqual(output.sections.length);
      expect(Math.max(...perSection) - Math.min(...perSection)).toBeLessThanOrEqual(1);
    }
  });

  it('names the target language when it is not English', () => {
    expect(localContentBrief({ ...briefBase, language: 'de' }).introduction_html).toContain('write the final article in German (de)');
    expect(localContentBrief(briefBase).introduction_html).not.toContain('write the final article in');
  });

  it('cuts the meta title at a word boundary and pads short inputs', () => {
    const output = localContentBrief(briefInputs['191-character keyword']!);
    expect(output.title.length).toBeLessThanOrEqual(200);
    expect(output.title.startsWith(output.meta_title)).toBe(true);
    expect(output.title[output.meta_title.length]).toBe(' ');
    const tiny = localContentBrief(briefInputs['tiny title']!);
    expect(tiny.title).toBe('AI: draft brief');
    expect(tiny.meta_description.length).toBeGreaterThanOrEqual(20);
  });

  it('is deterministic', () => {
    for (const input of Object.values(briefInputs)) expect(localContentBrief(input)).toEqual(localContentBrief(structuredClone(input)));
  });
});

describe('localImagePrompts', () => {
  const base = {
    title: 'How to Choose Trail Running Shoes',
    headings: ['Why Trail Shoes Differ', 'Finding the Right Fit', 'When to Replace Them'],
    excerpt: '<p>Trail shoes grip where road shoes slip.</p>',
    count: 3,
    style: 'editorial photography',
  };

  it.each([
    ['headings', base],
    ['no headings', { ...base, headings: [] }],
    ['more prompts than headings', { ...base, count: 10 }],
    ['zero prompts', { ...base, count: 0 }],
    ['out of range', { ...base, count: 99 }],
    [
      'long and odd text',
      { ...base, title: `${LONG_KEYWORD} ${LONG_KEYWORD} 🏃`, headings: [LONG_KEYWORD, 'نعلي', '  '], excerpt: NASTY.repeat(20) },
    ],
    ['empty everything', { title: '', headings: [], excerpt: '', count: 2, style: '' }],
  ])('passes the schema: %s', (_, input) => {
    const output = localImagePrompts(input);
    expect(ImagePromptsOutput.parse(output)).toEqual(output);
    expect(output.in_article).toHaveLength(Math.min(10, input.count));
    for (const image of [output.featured, ...output.in_article]) expect(image.prompt).toMatch(/No text or watermarks\.$/u);
  });

  it('spreads prompts over the headings in order, cycling', () => {
    const output = localImagePrompts({ ...base, count: 5 });
    expect(output.in_article.map((image) => image.heading)).toEqual([...base.headings, ...base.headings.slice(0, 2)]);
    expect(output.featured.prompt).toContain('Editorial photography');
    expect(output.featured.prompt).toContain('Trail shoes grip where road shoes slip');
    expect(output.featured.prompt).not.toContain('<p>');
    const prompts = localImagePrompts({ ...base, headings: ['Only One'], count: 10 }).in_article.map((image) => image.prompt);
    expect(new Set(prompts).size).toBe(10);
  });

  it('uses the title when there are no headings', () => {
    const output = localImagePrompts({ ...base, headings: [] });
    for (const image of output.in_article) expect(image.heading).toBe(base.title);
  });

  it('is deterministic', () => {
    expect(localImagePrompts(base)).toEqual(localImagePrompts(structuredClone(base)));
  });
});
