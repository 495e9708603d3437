import type { AiFunction } from '../prompts';
import { autoCluster } from './auto-cluster';
import { generateContent } from './generate-content';
import { generateIdeas } from './generate-ideas';
import { generateImagePrompts } from './generate-image-prompts';
import { generateImages } from './generate-images';
import { regenerateSection } from './regenerate-section';
import type { AnyAiFunction } from './types';

/** The registry: every AI function, by name. */
export const AI_FUNCTION_DEFINITIONS: Record<AiFunction, AnyAiFunction> = {
  auto_cluster: autoCluster,
  generate_ideas: generateIdeas,
  generate_content: generateContent,
  regenerate_section: regenerateSection,
  generate_image_prompts: generateImagePrompts,
  generate_images: generateImages,
};
