import { z } from 'zod';
import { CONTENT_STRUCTURES, CONTENT_TYPES } from '../../planner/models';
import { idParam } from '../../platform/http/schemas';

/** What every run may add to its input: a prompt template for this run only. */
export const runOptions = { prompt: z.string().max(20_000).nullish() };
/** Text written for readers also takes the voice: an author profile and a strategy (else the account's defaults). */
export const voiceOptions = { author_profile_id: idParam.nullish(), strategy_id: idParam.nullish() };

/**
 * The structured answers of the text functions. The same zod schemas are sent to the model as
 * JSON-schema response formats and check what comes back; the local engine produces the same shapes.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

export const OutlineSectionSchema = z.object({
  heading: text(200),
  points: z.array(text(300)).min(1).max(8),
});

export const ClusteringOutput = z.object({
  clusters: z
    .array(
      z.object({
        name: text(120),
        description: z.string().trim().max(500),
        /** Keywords exactly as they were given; the prompt asks for 3 to 10, the local engine groups up to 50. */
        keywords: z.array(text(191)).min(1).max(50),
      }),
    )
    .max(1000),
});
export type ClusteringOutput = z.output<typeof ClusteringOutput>;

export const IdeaSchema = z.object({
  title: z.string().trim().min(5).max(200),
  description: text(1000),
  content_type: z.enum(CONTENT_TYPES),
  content_structure: z.enum(CONTENT_STRUCTURES),
  target_keywords: z.array(text(191)).min(1).max(15),
  estimated_word_count: z.number().int().min(300).max(10_000),
  outline: z.array(OutlineSectionSchema).min(6).max(10),
});
export type IdeaOutput = z.output<typeof IdeaSchema>;

export const IdeasOutput = z.object({ ideas: z.array(IdeaSchema).min(3).max(7) });
export type IdeasOutput = z.output<typeof IdeasOutput>;

export const ContentOutput = z.object({
  title: z.string().trim().min(5).max(200),
  meta_title: z.string().trim().min(5).max(70),
  meta_description: z.string().trim().min(20).max(170),
  /** HTML before the first section heading. */
  introduction_html: z.string().trim().min(1),
  /** One entry per outline section, in the outline's order; the heading becomes the H2. */
  sections: z
    .array(z.object({ heading: text(200), html: z.string().trim().min(1) }))
    .min(1)
    .max(20),
});
export type ContentOutput = z.output<typeof ContentOutput>;

export const SectionOutput = z.object({
  heading: text(200).describe('The H2 heading, plain text'),
  /** The section's body under its heading: no H1/H2 of its own. */
  html: z.string().trim().min(1).max(50_000),
});
export type SectionOutput = z.output<typeof SectionOutput>;

const ImagePromptSchema = z.object({
  prompt: z.string().trim().min(10).max(1000),
  alt_text: text(250),
  caption: z.string().trim().max(300),
});

export const ImagePromptsOutput = z.object({
  featured: ImagePromptSchema,
  in_article: z.array(ImagePromptSchema.extend({ heading: text(200).describe('The outline heading the image belongs under') })).max(10),
});
export type ImagePromptsOutput = z.output<typeof ImagePromptsOutput>;
