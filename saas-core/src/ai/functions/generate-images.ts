import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../platform/errors';
import { idParam } from '../../platform/http/schemas';
import { Image } from '../../writer';
import { DEFAULT_IMAGE_STYLE } from './generate-image-prompts';
import { runOptions } from './schemas';
import type { ImageFunction } from './types';

export const MAX_IMAGES_PER_RUN = 10;

export const GenerateImagesInput = z.object({
  image_ids: z.array(idParam).min(1).max(MAX_IMAGES_PER_RUN),
  style: z.string().trim().min(1).max(200).default(DEFAULT_IMAGE_STYLE),
  ...runOptions,
});
type Input = z.output<typeof GenerateImagesInput>;

/** Images with a prompt can be generated; the route refuses the others before anything is held. */
export function assertPrompted(images: Pick<Image, 'id' | 'prompt'>[]): void {
  const bare = images.filter((image) => !image.prompt?.trim()).map((image) => image.id);
  if (bare.length > 0) {
    throw new ValidationError(
      `Image ${bare.join(', ')} has no prompt yet: write one, or generate image prompts first.`,
      { image_ids: ['every image needs a prompt'] },
      'IMAGE_PROMPT_MISSING',
    );
  }
}

/**
 * Image rows → files, from OpenAI or Runware (no local engine: it cannot draw). Files are stored by
 * the core and served by URL; a regenerated image replaces its old file. One credit per image.
 */
export const generateImages: ImageFunction<Input, Image> = {
  name: 'generate_images',
  kind: 'image',
  queue: 'images',
  operation: 'images',
  maxBatch: MAX_IMAGES_PER_RUN,
  timeoutMs: 20 * 60_000,
  input: GenerateImagesInput,
  units: (input) => input.image_ids.length,

  async prepare({ services, scope }, input) {
    const images = await Image.query(services.knex).forTenant(scope).whereIn('images.id', input.image_ids);
    const missing = input.image_ids.find((id) => !images.some((image) => image.id === id));
    if (missing) throw new NotFoundError(`Image ${missing}`);
    assertPrompted(images);
    return input.image_ids.map((id) => images.find((image) => image.id === id)!);
  },

  promptValues: (image, input) => ({ prompt: image.prompt ?? '', style: input.style }),

  async save(trx, { scope, engine }, _input, images, files, model) {
    const replaced: string[] = [];
    for (const [index, image] of images.entries()) {
      const file = files[index]!;
      const current = await Image.query(trx).forTenant(scope).findById(image.id);
      if (!current) throw new NotFoundError(`Image ${image.id}`); // deleted while it was being drawn
      if (current.storagePath) replaced.push(current.storagePath);
      await Image.query(trx).forTenant(scope).findById(image.id).patch({
        storagePath: file.storagePath,
        mimeType: file.mimeType,
        byteSize: file.byteSize,
        status: 'generated',
        provider: engine,
        model,
      });
    }
    return { result: { image_ids: images.map((image) => image.id) }, units: images.length, filesToRemove: replaced };
  },
};
