/** The AI functions, and the placeholders each one's prompt may use. */
export const AI_FUNCTIONS = [
  'auto_cluster',
  'generate_ideas',
  'generate_content',
  'regenerate_section',
  'generate_image_prompts',
  'generate_images',
] as const;
export type AiFunction = (typeof AI_FUNCTIONS)[number];

export const PLACEHOLDERS: Record<AiFunction, readonly string[]> = {
  auto_cluster: ['keywords', 'sector', 'language'],
  generate_ideas: ['cluster', 'keywords', 'sector', 'count', 'tone', 'language', 'strategy'],
  generate_content: ['title', 'brief', 'outline', 'keywords', 'word_count', 'content_structure', 'tone', 'language', 'strategy'],
  regenerate_section: [
    'title',
    'heading',
    'section_html',
    'section_number',
    'section_count',
    'outline',
    'instructions',
    'keywords',
    'tone',
    'language',
    'strategy',
  ],
  generate_image_prompts: ['title', 'outline', 'content_excerpt', 'image_count', 'style'],
  generate_images: ['prompt', 'style'],
};

/** Built-in prompts: what runs until an account writes its own. Placeholders are {name}. */
export const DEFAULT_PROMPTS: Record<AiFunction, string> = {
  auto_cluster: [
    'You group search keywords for the "{sector}" sector into topical clusters for SEO content planning.',
    'Put keywords in one cluster when a single article could rank for all of them (same search intent and topic).',
    'Every cluster has 3 to 10 keywords, a short name in {language}, and a one-sentence description. Use each keyword at most once;',
    'leave out keywords that fit no cluster.',
    '',
    'Keywords (one per line):',
    '{keywords}',
  ].join('\n'),
  generate_ideas: [
    'You plan articles for the "{sector}" sector. Cluster: "{cluster}". Keywords: {keywords}.',
    'Propose {count} distinct article ideas that together cover the cluster without overlapping.',
    'Each idea has a title, a two-sentence description, a content_type, a content_structure, target_keywords taken from the list,',
    'an estimated_word_count, and an outline of 6 to 10 H2 sections, each with 2 to 5 points.',
    'Tone: {tone}. Language: {language}. Strategy to follow: {strategy}',
  ].join('\n'),
  generate_content: [
    'Write the article "{title}" in {language}, in a {tone} tone, as a {content_structure} of about {word_count} words.',
    'Brief: {brief}',
    'Follow this outline exactly, one H2 per section, in this order, covering each point:',
    '{outline}',
    'Work these keywords in naturally: {keywords}. Strategy to follow: {strategy}',
    'Return the title, a meta_title under 60 characters, a meta_description under 155 characters, and the body as clean HTML',
    '(h2, h3, p, ul, ol, li, table, blockquote, strong, em, a) with no inline styles or scripts.',
  ].join('\n'),
  regenerate_section: [
    'Rewrite one section of the article "{title}", in {language}, in a {tone} tone.',
    "The article's sections, in order:",
    '{outline}',
    'Rewrite section {section_number} of {section_count}, headed "{heading}". Its current text:',
    '{section_html}',
    'Instructions from the editor: {instructions}',
    'Keep about the same length unless the instructions say otherwise, stay consistent with the sections around it, and do not repeat them.',
    'Work these keywords in where they fit naturally: {keywords}. Strategy to follow: {strategy}',
    'Return the heading as plain text (keep it unless the instructions ask for a new one) and the body under it as clean HTML',
    '(h3, p, ul, ol, li, table, blockquote, strong, em, a) without the heading itself, no h1 or h2, no inline styles or scripts.',
  ].join('\n'),
  generate_image_prompts: [
    'Article: "{title}". Outline: {outline}. Opening: {content_excerpt}',
    'Write one featured image prompt and {image_count} in-article image prompts in the style "{style}". For each give the prompt,',
    'alt text that describes the image for screen readers, and for in-article images the outline heading it belongs under.',
  ].join('\n'),
  generate_images: '{prompt}. Style: {style}. No text, letters or watermarks in the image.',
};

/** Placeholders a template uses that its function does not offer (a typo would silently stay in the prompt). */
export function unknownPlaceholders(fn: AiFunction, template: string): string[] {
  const used = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  return [...new Set(used.filter((name) => !PLACEHOLDERS[fn].includes(name)))];
}

/** Fills a template's placeholders; missing values become empty, never the literal placeholder. */
export function renderPrompt(template: string, values: Partial<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => String(values[name] ?? ''));
}
