import type { ContentOutput, IdeaOutput, IdeasOutput, ImagePromptsOutput, SectionOutput } from '../functions/schemas';
import { CONTENT_STRUCTURES } from '../../planner/models';

/**
 * The local engine for the text functions: no network, no AI key, deterministic. It cannot write
 * articles, so it writes what a keyword list can honestly support: ideas with structured outlines,
 * section-by-section writing briefs and image prompts, each labelled as a draft from the local engine.
 */

type Structure = (typeof CONTENT_STRUCTURES)[number];
type OutlineSection = IdeaOutput['outline'][number];

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

const clean = (value: string): string => value.replace(/\s+/gu, ' ').trim();

/** Cut to at most `max` characters, at a word boundary when one is near, never inside a surrogate pair. */
function clip(value: string, max: number, ellipsis = '…'): string {
  const text = clean(value);
  if (text.length <= max) return text;
  let hard = text.slice(0, max - ellipsis.length);
  if (/[\uD800-\uDBFF]$/u.test(hard)) hard = hard.slice(0, -1);
  const space = hard.lastIndexOf(' ');
  const soft = space >= hard.length * 0.6 ? hard.slice(0, space) : hard;
  const tidy = soft.replace(/[\s,;:.–—-]+$/u, '');
  // Stripping dangling punctuation must not leave a stub shorter than any schema minimum.
  return (tidy.length >= 5 ? tidy : hard) + ellipsis;
}

/** A heading as given (trimmed), clipped only when it would break the schema. */
const headingOf = (value: string): string => (value.trim().length <= 200 ? value.trim() : clip(value, 200));

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (value: string): string => value.replace(/[&<>"']/gu, (char) => HTML_ESCAPES[char] ?? char);

const capitalize = (value: string): string => value.replace(/^\p{Ll}/u, (char) => char.toUpperCase());

const SMALL_WORDS = new Set('a an the and or but for nor of to in on at by with from as vs via per'.split(' '));

/** Title case for keywords: small words stay lower, words someone already cased ("iPhone", "SEO") stay as they are. */
function titleCase(value: string): string {
  return clean(value)
    .split(' ')
    .map((word, index) => (index > 0 && SMALL_WORDS.has(word) ? word : /\p{Lu}/u.test(word) ? word : capitalize(word)))
    .join(' ');
}

/** "a", "a and b", "a, b and c". */
function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function clampCount(value: number, min: number, max: number, fallback: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
}

/** Cleaned, de-duplicated (case-insensitively) keywords, in the order given. */
function uniqueKeywords(keywords: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of keywords) {
    const keyword = clip(raw, 191, '');
    const key = keyword.toLowerCase();
    if (keyword === '' || seen.has(key)) continue;
    seen.add(key);
    result.push(keyword);
  }
  return result;
}

/** Strongest first, as the cluster engine ranks them; code-unit comparison keeps the order locale-independent. */
function rankKeywords(keywords: { keyword: string; volume: number | null }[]): string[] {
  const sorted = [...keywords].sort(
    (a, b) =>
      (b.volume ?? -1) - (a.volume ?? -1) || a.keyword.length - b.keyword.length || (a.keyword < b.keyword ? -1 : a.keyword > b.keyword ? 1 : 0),
  );
  return uniqueKeywords(sorted.map((item) => item.keyword));
}

// ---------------------------------------------------------------------------------------------
// Outline templates, one per content structure
// ---------------------------------------------------------------------------------------------

const section = (heading: string, ...points: string[]): OutlineSection => ({
  heading: clip(heading, 200),
  points: points.map((point) => clip(point, 300)),
});

interface Template {
  /** "a practical guide": used in idea descriptions. */
  label: string;
  /** Opens a meta description: "A practical guide to …". */
  lead: string;
  /** Writing advice for the brief's introduction. */
  advice: string;
  words: number;
  /** Keyword wording that suggests this structure; matching structures are offered first. */
  hint?: RegExp;
  /** `topic` is title-cased and at most 150 characters, so every title stays within 200. */
  title: (topic: string, items: number) => string;
  /** Exactly six sections; `topic` as written, `Topic` title-cased. */
  sections: (topic: string, Topic: string) => OutlineSection[];
}

const TEMPLATES: Record<Structure, Template> = {
  guide: {
    label: 'a practical guide',
    lead: 'A practical guide to',
    advice: 'Lead a newcomer from the basics to a confident first decision; define terms the first time they appear.',
    words: 2000,
    hint: /\bguide\b|beginner|what is|\bbasics\b/u,
    title: (Topic) => `${Topic}: A Practical Guide for Beginners`,
    sections: (t, T) => [
      section(`${T}: The Basics`, `What ${t} means, in plain words`, 'Who it is for and when it helps', 'Key terms a beginner will meet'),
      section('Why It Matters', 'The problems it solves for the reader', 'What changes when it is done well'),
      section('Getting Started', 'The first decisions to make', 'What to have ready beforehand', 'A simple first plan to follow'),
      section('Choosing the Right Option', 'The criteria that matter most', 'Where to save and where not to', 'Red flags to watch for'),
      section('Common Mistakes', `Mistakes people make with ${t}`, 'How to spot and fix each one'),
      section('FAQ and Next Steps', `Short answers to the questions people ask about ${t}`, 'The key takeaways in a few bullets'),
    ],
  },
  how_to: {
    label: 'a step-by-step how-to',
    lead: 'Step-by-step instructions for',
    advice: 'Number the steps, one action per step, and say what the reader should see when a step is done right.',
    words: 1500,
    hint: /\bhow\b|\bsteps?\b|tutorial|\bdiy\b|\bsetup\b|\binstall/u,
    title: (Topic) => (/^how to\b/iu.test(Topic) ? `${Topic}: Step by Step` : `How to Get Started with ${Topic}`),
    sections: (t) => [
      section('Before You Start', 'What you need: tools, materials and time', 'Skill level and prerequisites', 'Safety and cost notes'),
      section(
        'Step-by-Step Instructions',
        'Step 1: prepare and check the starting point',
        `Step 2: carry out the core task for ${t}`,
        'Step 3: check the result against a clear standard',
        'Step 4: finish and note what worked',
      ),
      section('Tips for Better Results', 'Small adjustments that save time', 'What experienced people do differently'),
      section('Common Mistakes to Avoid', 'The errors that cost the most time or money', 'How to recover from each'),
      section('Troubleshooting', 'What to do when the result is not as expected', 'When to ask a professional'),
      section('Frequently Asked Questions', `Short answers to the questions people ask about ${t}`, 'A one-paragraph recap of the steps'),
    ],
  },
  listicle: {
    label: 'a numbered list',
    lead: 'Key points to know about',
    advice: 'Keep every item self-contained and scannable: a clear heading, a short explanation, one concrete example.',
    words: 1400,
    hint: /\bbest\b|\btop\b|\bideas\b|\btips\b|\blist\b/u,
    title: (Topic, items) => `${Topic}: ${items} Things Worth Knowing`,
    sections: (t) => [
      section('How We Chose', 'Who this list is for', 'How the items were picked and ordered'),
      section('Start With the Essentials', `The basics of ${t} that everything else rests on`, 'Why it comes first'),
      section('Match It to Your Needs', 'Questions to ask before deciding', 'Examples for different kinds of readers'),
      section('Know the Costs', 'What it costs in money and time', 'Where spending more pays off'),
      section('Keep It Working', 'Habits that keep results up over time', 'Signs it is time for a change'),
      section('Final Thoughts', 'The one item to act on first', 'Where to learn more'),
    ],
  },
  comparison: {
    label: 'a side-by-side comparison',
    lead: 'A side-by-side comparison of',
    advice: 'Judge every option on the same criteria, show them in one table, and end with a clear verdict per use case.',
    words: 1800,
    hint: /\bvs\b|versus|compar|alternative|difference/u,
    title: (Topic) => `${Topic} Compared: Options, Pros and Cons`,
    sections: (t) => [
      section('What to Compare', `The criteria that matter when choosing ${t}`, 'How each criterion is weighed'),
      section('The Options at a Glance', 'A short profile of each main option', 'A comparison table: key features, price range, best for'),
      section('Features and Performance', 'Where the options differ in practice', 'Which differences readers will actually notice'),
      section('Price and Value', 'Upfront and running costs', 'Which option gives the most for the money'),
      section('Pros and Cons', 'Strengths of each option', 'Weaknesses and deal-breakers'),
      section('The Verdict: Which to Choose', 'The best choice for each type of reader', 'A one-line recommendation per use case'),
    ],
  },
  review: {
    label: 'an honest review',
    lead: 'An honest review of',
    advice: 'State how the verdict was reached and report only real testing; balance praise with the weak points.',
    words: 1600,
    hint: /review|rating|\btested\b|worth it/u,
    title: (Topic) => `${Topic} Review: What Holds Up and What Doesn't`,
    sections: (t) => [
      section('Verdict at a Glance', 'A one-paragraph verdict', 'Who it suits and who should skip it'),
      section('How We Evaluated', 'The criteria used', 'How and for how long it was tested (state only real testing)'),
      section('Features and Build Quality', 'What stands out', 'What feels cheap or missing'),
      section('Performance in Real Use', 'How it performs in everyday situations', 'Where it struggles'),
      section('Pros, Cons and Alternatives', 'The main pros and cons in two short lists', 'Alternatives worth considering, and for whom'),
      section('Final Verdict', `Is ${t} worth it, and for whom`, 'The recommendation, with its main reason'),
    ],
  },
  article: {
    label: 'an explainer article',
    lead: 'An overview of',
    advice: 'Answer the main question early, then add depth; back facts with sources.',
    words: 1200,
    hint: /\bwhy\b|\bwhat\b|\bmeaning\b|explained/u,
    title: (Topic) => `${Topic} Explained: What You Should Know`,
    sections: (t) => [
      section('Overview', 'What the reader will learn', `Why ${t} deserves their attention`),
      section('Key Facts', 'The facts a reader needs first', 'Figures to confirm from reliable sources before publishing'),
      section('Common Questions', `The questions people ask most about ${t}`, 'A direct answer to each'),
      section('Myths and Misconceptions', 'Beliefs that are wrong or out of date', 'What is true instead'),
      section('Practical Examples', 'Two or three short, concrete examples', 'What each example shows'),
      section('Key Takeaways', 'The main points in a few bullets', 'One next step for the reader'),
    ],
  },
  case_study: {
    label: 'a case study',
    lead: 'A case study on',
    advice: 'Tell one real story with real figures; never invent results, names or numbers.',
    words: 1400,
    hint: /case stud|\bresults\b|success stor/u,
    title: (Topic) => `${Topic} in Practice: A Case Study`,
    sections: (t) => [
      section('Background', 'Who was involved and the starting situation', 'The goal, stated in measurable terms'),
      section('The Challenge', 'What stood in the way', 'Why common solutions did not fit'),
      section('The Approach', `How ${t} was applied, step by step`, 'Tools, people and time involved'),
      section('The Results', 'Outcomes with real figures from the actual case (do not invent numbers)', 'What changed for the people involved'),
      section('Lessons Learned', 'What worked and what would be done differently', 'Surprises along the way'),
      section('How to Apply This', 'Steps a reader can copy', 'When this approach is not a good fit'),
    ],
  },
  pillar: {
    label: 'a pillar page',
    lead: 'Everything you need to know about',
    advice: 'Cover the whole topic at overview depth and link out to the detailed articles of the cluster.',
    words: 3500,
    hint: /\bcomplete\b|\bultimate\b|everything/u,
    title: (Topic) => `${Topic}: Everything You Need to Know`,
    sections: (t, T) => [
      section(`What ${T} Covers`, 'A definition and the scope of this page', 'How the topic breaks down into subtopics'),
      section('Core Concepts', 'The ideas everything else builds on', 'Terms to define once and link to'),
      section('Getting Started', 'A path for beginners', 'The first three things to do'),
      section('Choosing and Comparing Options', 'The main options and how they differ', 'Links to detailed comparisons'),
      section('Advanced Tips', 'What experienced readers want next', 'Common pitfalls at the advanced level'),
      section('Related Topics and Next Steps', `Links to every article about ${t}`, 'A summary and a clear next step'),
    ],
  },
  news: {
    label: 'a news article',
    lead: 'The latest on',
    advice: 'Put who, what, when and where first; confirm every fact with a primary source.',
    words: 800,
    title: (Topic) => `${Topic}: What's New and Why It Matters`,
    sections: (t) => [
      section('What Happened', 'The news in two or three sentences: who, what, when, where', 'Facts to confirm from primary sources'),
      section('Key Details', 'The figures and specifics that matter', 'What is confirmed and what is not yet'),
      section('Background', 'The context a newcomer needs', `How ${t} got to this point`),
      section('Who It Affects', 'The groups most affected, and how', 'What readers may need to do'),
      section('Reactions', 'Responses from people involved, quoted from real sources only', 'Points of disagreement'),
      section('What Happens Next', 'Upcoming dates or decisions to watch', 'Where to follow the story'),
    ],
  },
};

/** The structures offered as ideas, in order of preference; news needs facts a keyword list does not have. */
const IDEA_STRUCTURES: Structure[] = ['guide', 'how_to', 'listicle', 'comparison', 'review', 'article', 'case_study', 'pillar'];

const asStructure = (value: string): Structure => CONTENT_STRUCTURES.find((structure) => structure === value.trim()) ?? 'article';

/** A template's six sections; a listicle's items (all but the first and last section) get their numbers. */
function templateOutline(structure: Structure, topic: string, extra: OutlineSection[] = []): OutlineSection[] {
  const sections = TEMPLATES[structure].sections(topic, clip(titleCase(topic), 150));
  // Extra sections go before the closing one, which should stay last.
  sections.splice(sections.length - 1, 0, ...extra);
  if (structure !== 'listicle') return sections;
  return sections.map((item, index) =>
    index === 0 || index === sections.length - 1 ? item : { ...item, heading: clip(`${index}. ${item.heading}`, 200) },
  );
}

/** Adds keywords as points, round-robin over the sections with room, so they spread through the article. */
function weaveKeywords(outline: OutlineSection[], keywords: string[]): void {
  let cursor = 0;
  for (const keyword of keywords) {
    for (let tries = 0; tries < outline.length; tries += 1) {
      const target = outline[cursor % outline.length]!;
      cursor += 1;
      if (target.points.length < 5) {
        target.points.push(clip(`Work in “${keyword}” where it fits naturally`, 300));
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Ideas
// ---------------------------------------------------------------------------------------------

export interface LocalIdeasInput {
  sector: string;
  clusterName: string;
  keywords: { keyword: string; volume: number | null }[];
  count: number;
}

/** Structures whose hint matches the keywords come first, then the rest in order of preference. */
function pickStructures(text: string, count: number): Structure[] {
  const hinted = IDEA_STRUCTURES.filter((structure) => TEMPLATES[structure].hint?.test(text));
  return [...new Set([...hinted, ...IDEA_STRUCTURES])].slice(0, count);
}

export function localIdeas(input: LocalIdeasInput): IdeasOutput {
  const count = clampCount(input.count, 3, 7, 5);
  const keywords = rankKeywords(input.keywords);
  const sector = clean(input.sector);
  const primary = keywords[0] ?? (clip(input.clusterName, 191, '') || clip(sector, 191, '') || 'general topic');
  const topic = clean(input.clusterName) || primary;
  const secondaries = keywords.slice(1);
  const structures = pickStructures([topic, ...keywords.slice(0, 50)].join(' | ').toLowerCase(), count);

  const ideas = structures.map((structure, index) => {
    // Each idea takes every count-th secondary keyword, so the ideas cover different keywords.
    const own = secondaries.filter((_, position) => position % count === index).slice(0, 14);
    const dedicated = own
      .slice(0, 2)
      .map((keyword) => section(titleCase(keyword), `What people searching “${keyword}” want to know`, `How it connects to ${topic}`));
    const outline = templateOutline(structure, topic, dedicated);
    weaveKeywords(outline, own.slice(2));
    const template = TEMPLATES[structure];
    const related = own.length > 0 ? ` plus ${own.length} related keyword${own.length === 1 ? '' : 's'}` : '';
    return {
      title: clip(template.title(clip(titleCase(topic), 150), outline.length - 2), 200),
      description: clip(
        `Draft idea (local engine): ${template.label} on “${topic}”${sector ? ` for ${sector}` : ''}, targeting “${primary}”${related}. ` +
          `${template.advice} An outline to review and refine, not finished copy.`,
        1000,
      ),
      content_type: structure === 'pillar' ? ('page' as const) : ('post' as const),
      content_structure: structure,
      target_keywords: [primary, ...own],
      estimated_word_count: Math.min(10_000, template.words + 150 * dedicated.length),
      outline,
    };
  });
  return { ideas };
}

// ---------------------------------------------------------------------------------------------
// Content brief
// ---------------------------------------------------------------------------------------------

export interface LocalBriefInput {
  title: string;
  brief: string | null;
  outline: { heading: string; points: string[] }[];
  keywords: string[];
  wordCount: number | null;
  contentStructure: string;
  tone: string;
  language: string;
}

/** "German (de)" for a language the local engine does not write; null for English. */
function foreignLanguage(code: string): string | null {
  const tag = clean(code);
  if (tag === '' || /^en\b/iu.test(tag)) return null;
  try {
    return `${new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag} (${tag})`;
  } catch {
    return tag; // not a BCP 47 tag: name it as given
  }
}

/** Splits `total` into integer shares that sum exactly to it. */
function splitWords(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, index) => base + (index < total % parts ? 1 : 0));
}

export function localContentBrief(input: LocalBriefInput): ContentOutput {
  const keywords = uniqueKeywords(input.keywords);
  const primary = keywords[0];
  const secondaries = keywords.slice(1);
  const structure = asStructure(input.contentStructure);
  const template = TEMPLATES[structure];
  const givenTitle = clip(input.title, 200) || primary || 'Untitled article';
  // Titles shorter than the schema's five characters ("SEO") keep their word and say what they are.
  const title = givenTitle.length >= 5 ? givenTitle : `${givenTitle}: draft brief`;

  const outline =
    input.outline.length > 0
      ? input.outline.slice(0, 20).map((item, index) => ({ heading: headingOf(item.heading) || `Section ${index + 1}`, points: item.points }))
      : templateOutline(structure, primary ?? title);

  const target = Math.min(20_000, Math.max(100, Math.round(input.wordCount && input.wordCount > 0 ? input.wordCount : 1500)));
  const introWords = Math.round(target * 0.1);
  const sectionWords = splitWords(target - introWords, outline.length);

  const sections = outline.map((item, index) => {
    const points = item.points.map(clean).filter((point) => point !== '');
    const covered = points.length > 0 ? points : [`What the heading “${item.heading}” promises the reader, with one concrete example`];
    const own = secondaries.filter((_, position) => position % outline.length === index);
    const keywordNote =
      own.length > 0
        ? `<p><strong>Keywords to work in:</strong> ${own.map((keyword) => `<em>${escapeHtml(keyword)}</em>`).join(', ')}</p>`
        : primary
          ? `<p><strong>Keyword focus:</strong> keep to <em>${escapeHtml(primary)}</em> and its close variants.</p>`
          : '<p><strong>Keywords:</strong> none given; use the heading’s own wording naturally.</p>';
    return {
      heading: item.heading,
      html:
        `<p><strong>Section brief, about ${sectionWords[index] ?? 0} words.</strong> Cover:</p>` +
        `<ul>${covered.map((point) => `<li>${escapeHtml(point)}</li>`).join('')}</ul>${keywordNote}`,
    };
  });

  const language = foreignLanguage(input.language);
  const brief = input.brief ? clean(input.brief) : '';
  const facts = [
    `<li><strong>Structure:</strong> ${escapeHtml(template.label.replace(/^an? /u, ''))}. ${escapeHtml(template.advice)}</li>`,
    `<li><strong>Tone:</strong> ${escapeHtml(clean(input.tone) || 'clear and helpful')}</li>`,
    language
      ? `<li><strong>Language:</strong> write the final article in ${escapeHtml(language)}; this plan is in English because the local engine writes English.</li>`
      : '<li><strong>Language:</strong> English</li>',
    `<li><strong>Target length:</strong> about ${target} words: about ${introWords} for the introduction, the rest split across ${outline.length} sections as noted in each.</li>`,
    primary
      ? `<li><strong>Primary keyword:</strong> <em>${escapeHtml(primary)}</em>, in the first 100 words and at least one heading.</li>`
      : '<li><strong>Keywords:</strong> none given.</li>',
  ];
  if (input.outline.length > 20)
    facts.push(`<li><strong>Outline:</strong> ${input.outline.length} sections given; this brief covers the first 20.</li>`);

  const introduction_html =
    '<p><strong>Draft brief from the local engine.</strong> This is a writing plan, not a finished article: it was built without an AI model ' +
    'from the title, outline and keywords. Write each section from its notes, then replace this brief with the finished text.</p>' +
    `<p><strong>Angle:</strong> ${brief ? escapeHtml(brief) : 'none given; take the angle from the title and the outline.'}</p>` +
    `<ul>${facts.join('')}</ul>` +
    `<p><strong>Introduction, about ${introWords} words:</strong> open with the reader’s problem, say what the article delivers, and lead into the first section.</p>`;

  const topic = primary ?? title;
  const covering =
    secondaries.length > 0 ? `, covering ${listOf(secondaries.slice(0, 3))}` : ', with practical advice and answers to common questions';
  return {
    title,
    meta_title: clip(title, 60, ''),
    meta_description: clip(`${brief ? `${brief} ` : ''}${template.lead} ${topic}${covering}.`, 155),
    introduction_html,
    sections,
  };
}

// ---------------------------------------------------------------------------------------------
// One section, again
// ---------------------------------------------------------------------------------------------

export interface LocalSectionInput {
  heading: string;
  /** The section's current text (its words only), for the writer to start from. */
  currentText: string;
  /** The outline's points for this section, when the task has them. */
  points: string[];
  keywords: string[];
  instructions: string | null;
}

/** A labelled writing plan for one section, in place of the section: what to cover, the editor's instructions and the old text. */
export function localSectionDraft(input: LocalSectionInput): SectionOutput {
  const heading = headingOf(input.heading) || 'Section';
  const points = input.points.map(clean).filter((point) => point !== '');
  const covered = points.length > 0 ? points : [`What the heading “${heading}” promises the reader, with one concrete example`];
  const keywords = uniqueKeywords(input.keywords).slice(0, 5);
  const instructions = clean(input.instructions ?? '');
  const current = clean(input.currentText);
  const words = current === '' ? 0 : current.split(' ').length;
  const html = [
    '<p><strong>Draft section from the local engine.</strong> This is a plan for rewriting this section, not finished text: ' +
      'it was built without an AI model. Write the section from these notes, then replace this draft.</p>',
    instructions ? `<p><strong>Instructions:</strong> ${escapeHtml(clip(instructions, 500))}</p>` : '',
    `<p><strong>Cover:</strong></p><ul>${covered.map((point) => `<li>${escapeHtml(clip(point, 300))}</li>`).join('')}</ul>`,
    keywords.length > 0
      ? `<p><strong>Keywords to work in:</strong> ${keywords.map((keyword) => `<em>${escapeHtml(keyword)}</em>`).join(', ')}</p>`
      : '',
    words > 0
      ? `<p><strong>The text this draft replaced (about ${words} words, kept as a version):</strong> ${escapeHtml(clip(current, 400))}</p>`
      : '',
  ].join('');
  return { heading, html };
}

// ---------------------------------------------------------------------------------------------
// Image prompts
// ---------------------------------------------------------------------------------------------

export interface LocalImagePromptsInput {
  title: string;
  headings: string[];
  excerpt: string;
  count: number;
  style: string;
}

/** Compositions cycled across in-article images so neighbouring pictures do not look alike. */
const SHOTS: { scene: (subject: string) => string; caption: string }[] = [
  { scene: (s) => `a close-up of the key details of ${s}`, caption: 'A closer look' },
  { scene: (s) => `a person engaged with ${s}, focused and natural, shot at eye level`, caption: 'In practice' },
  { scene: (s) => `an overhead flat lay of the objects associated with ${s}, neatly arranged on a plain surface`, caption: 'What is involved' },
  { scene: (s) => `a real-world setting that shows ${s} in context, wide shot with depth`, caption: 'In context' },
  { scene: (s) => `a side-by-side view contrasting two approaches to ${s}`, caption: 'Side by side' },
];
const LIGHTS = ['soft natural daylight', 'warm late-afternoon light'];

export function localImagePrompts(input: LocalImagePromptsInput): ImagePromptsOutput {
  const headings = input.headings.map(headingOf).filter((heading) => heading !== '');
  const subject = clip(input.title, 150) || clip(headings[0] ?? '', 150) || 'the article topic';
  const style = capitalize(clip(input.style, 100) || 'editorial photography');
  // Excerpts may arrive as HTML; only their words describe the scene.
  const excerpt = clip(input.excerpt.replace(/<[^>]*>/gu, ' '), 160);
  const count = clampCount(input.count, 0, 10, 0);

  const featuredScene = `a striking wide hero image that sums up ${subject}`;
  const featured = {
    prompt: `${style}. Scene: ${featuredScene}${excerpt ? `, reflecting: ${excerpt}` : ''}. Clear focal point, balanced composition, ${LIGHTS[0]}. No text or watermarks.`,
    alt_text: clip(`A wide image representing ${subject}`, 250),
    caption: clip(subject, 300),
  };

  const in_article = Array.from({ length: count }, (_, index) => {
    // Cycle through the headings in order; lighting changes on later rounds so repeats still differ.
    const heading = headings.length > 0 ? headings[index % headings.length]! : headingOf(subject);
    const shot = SHOTS[index % SHOTS.length]!;
    const light = LIGHTS[Math.floor(index / SHOTS.length) % LIGHTS.length]!;
    const scene = shot.scene(subject);
    const focus = heading === subject ? '' : `, illustrating the section “${clip(heading, 150)}”`;
    return {
      prompt: `${style}. Scene: ${scene}${focus}. ${capitalize(light)}, realistic detail, uncluttered background. No text or watermarks.`,
      alt_text: clip(capitalize(scene), 250),
      caption: clip(`${shot.caption}: ${heading}`, 300),
      heading,
    };
  });
  return { featured, in_article };
}
