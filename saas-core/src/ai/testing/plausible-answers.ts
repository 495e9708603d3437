/**
 * What the test server answers when a test scripts nothing: a valid answer to our own prompts,
 * built from what the request asks (the keywords listed, the number of ideas, the outline), so a
 * whole pipeline can run against it. It reads the built-in prompts' wording; a test that changes
 * a prompt scripts its answers itself.
 */

interface ChatRequest {
  messages?: { role: string; content: string }[];
  response_format?: { json_schema?: { name?: string } };
}

/** The prompt: the first user message (later ones are repair requests). */
const userText = (request: ChatRequest) => request.messages?.find((message) => message.role === 'user')?.content ?? '';

function clusters(text: string): unknown {
  const keywords = text.split('Keywords (one per line):\n')[1]?.split('\n').filter(Boolean) ?? [];
  const groups: string[][] = [];
  for (let index = 0; index < keywords.length; index += 3) groups.push(keywords.slice(index, index + 3));
  return { clusters: groups.map((group) => ({ name: `About ${group[0]}`, description: `Searches about ${group[0]}.`, keywords: group })) };
}

function outline(size: number, topic: string): unknown[] {
  return Array.from({ length: size }, (_, index) => ({
    heading: `${topic}: part ${index + 1}`,
    points: [`Point ${index + 1}a`, `Point ${index + 1}b`],
  }));
}

function ideas(text: string): unknown {
  const count = Number(/Propose (\d+) distinct/.exec(text)?.[1] ?? 5);
  const cluster = /Cluster: "([^"]*)"/.exec(text)?.[1] ?? 'the topic';
  return {
    ideas: Array.from({ length: count }, (_, index) => ({
      title: `Idea ${index + 1} about ${cluster}`,
      description: `An article about ${cluster}, angle ${index + 1}.`,
      content_type: 'post',
      content_structure: index % 2 === 0 ? 'guide' : 'how_to',
      target_keywords: [cluster],
      estimated_word_count: 1500,
      outline: outline(6, `Section of idea ${index + 1}`),
    })),
  };
}

function article(text: string): unknown {
  const title = /Write the article "([^"]*)"/.exec(text)?.[1] ?? 'An article';
  const headings = [...text.matchAll(/^\d+\. (.+)$/gm)].map((match) => match[1]!);
  const sections = (headings.length > 0 ? headings : ['Overview', 'Details', 'Summary']).map((heading) => ({
    heading,
    html: `<p>What a reader needs to know about ${heading.toLowerCase()}, in plain words.</p>`,
  }));
  return {
    title,
    meta_title: title.slice(0, 60),
    meta_description: `Everything about ${title}, explained clearly for readers.`.slice(0, 155),
    introduction_html: `<p>An introduction to ${title}.</p>`,
    sections,
  };
}

function section(text: string): unknown {
  const heading = /of \d+, headed "([^"]*)"/.exec(text)?.[1] ?? 'A section';
  return { heading, html: `<p>${heading}, rewritten: what a reader needs to know, in plain words.</p>` };
}

function imagePrompts(text: string): unknown {
  const count = Number(/and (\d+) in-article image prompts/.exec(text)?.[1] ?? 2);
  const title = /Article: "([^"]*)"/.exec(text)?.[1] ?? 'the article';
  const headings = (/Outline: (.*?)\. Opening:/s.exec(text)?.[1] ?? '').split('; ').filter(Boolean);
  const prompt = (subject: string) => ({ prompt: `A photograph of ${subject} in daylight`, alt_text: `Photo of ${subject}`, caption: subject });
  return {
    featured: prompt(title),
    in_article: Array.from({ length: count }, (_, index) => ({
      ...prompt(`scene ${index + 1}`),
      heading: headings[index % Math.max(1, headings.length)] ?? title,
    })),
  };
}

const BUILDERS: Record<string, (text: string) => unknown> = {
  keyword_clusters: clusters,
  content_ideas: ideas,
  article,
  article_section: section,
  image_prompts: imagePrompts,
};

/** A valid answer for one of our schemas, or undefined for any other request. */
export function plausibleAnswer(request: ChatRequest): unknown {
  const build = BUILDERS[request.response_format?.json_schema?.name ?? ''];
  return build?.(userText(request));
}
