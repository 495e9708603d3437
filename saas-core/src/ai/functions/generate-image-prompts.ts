import { z } from 'zod';
import { NotFoundError } from '../../platform/errors';
import { idParam } from '../../platform/http/schemas';
import { Content, Image, summarizeHtml, Task } from '../../writer';
import { localImagePrompts } from '../local/drafts';
import { ImagePromptsOutput, runOptions } from './schemas';
import type { TextFunction } from './types';

export const DEFAULT_IMAGE_STYLE = 'natural editorial photography, soft light';

export const GenerateImagePromptsInput = z.object({
  content_ids: z.array(idParam).min(1).max(1),
  in_article_count: z.number().int().min(0).max(6).default(3),
  style: z.string().trim().min(1).max(200).default(DEFAULT_IMAGE_STYLE),
  ...runOptions,
});
type Input = z.output<typeof GenerateImagePromptsInput>;

interface Article {
  content: Content;
  headings: string[];
  excerpt: string;
}

/**
 * An article → one featured image prompt and a few in-article ones, each with alt text and the
 * heading it belongs under. Saved as pending image rows (generate_images makes the files); asking
 * again replaces the prompts of images that have no file yet.
 */
export const generateImagePrompts: TextFunction<Input, Article, ImagePromptsOutput> = {
  name: 'generate_image_prompts',
  kind: 'text',
  queue: 'ai',
  operation: 'image_prompts',
  maxBatch: 1,
  timeoutMs: 10 * 60_000,
  input: GenerateImagePromptsInput,
  units: (input) => input.content_ids.length,
  system:
    'You are a photo editor briefing an image generator for a web article. Prompts describe one concrete, realistic scene; ' +
    'alt text describes the image for someone who cannot see it. Answer only with JSON that matches the given schema.',
  schemaName: 'image_prompts',
  output: ImagePromptsOutput,

  async prepare({ services, scope }, input) {
    const articles: Article[] = [];
    for (const id of input.content_ids) {
      const content = await Content.query(services.knex).forTenant(scope).findById(id);
      if (!content) throw new NotFoundError(`Content ${id}`);
      const summary = summarizeHtml(content.html);
      // An article still without H2s is pictured from the outline it will follow.
      const task = summary.headings.length > 0 ? null : await Task.query(services.knex).forTenant(scope).findById(content.taskId);
      articles.push({
        content,
        headings: summary.headings.length > 0 ? summary.headings : (task?.outline.map((s) => s.heading) ?? []),
        excerpt: summary.excerpt,
      });
    }
    return articles;
  },

  promptValues: (article, input) => ({
    title: article.content.title,
    outline: article.headings.join('; ') || 'none',
    content_excerpt: article.excerpt || 'none',
    image_count: input.in_article_count,
    style: input.style,
  }),

  local: (article, input) =>
    localImagePrompts({
      title: article.content.title,
      headings: article.headings,
      excerpt: article.excerpt,
      count: input.in_article_count,
      style: input.style,
    }),

  async save(trx, { scope }, input, articles, outputs) {
    const imageIds: number[] = [];
    for (const [index, { content, headings }] of articles.entries()) {
      const answer = outputs[index]!;
      await Image.query(trx).forTenant(scope).where({ contentId: content.id, status: 'pending' }).whereNull('storagePath').delete();
      const rows = [
        { type: 'featured' as const, position: 0, ...answer.featured },
        // Positions follow the article: an image goes under its heading, in heading order.
        ...answer.in_article.slice(0, input.in_article_count).map((image, order) => ({
          type: 'in_article' as const,
          position: positionOf(headings, image.heading, order),
          ...image,
        })),
      ];
      for (const row of rows) {
        const image = await Image.query(trx)
          .forTenant(scope)
          .insert({
            siteId: content.siteId,
            sectorId: content.sectorId,
            taskId: content.taskId,
            contentId: content.id,
            type: row.type,
            prompt: row.prompt,
            altText: row.alt_text,
            caption: row.caption || null,
            position: row.position,
            status: 'pending',
          });
        imageIds.push(image.id);
      }
    }
    return { result: { image_ids: imageIds }, units: articles.length };
  },
};

/** 1-based section number of the heading an image belongs under (after the last section when unknown). */
function positionOf(headings: string[], heading: string, order: number): number {
  const wanted = heading.trim().toLowerCase();
  const found = headings.findIndex((candidate) => candidate.trim().toLowerCase() === wanted);
  return found >= 0 ? found + 1 : headings.length + 1 + order;
}
