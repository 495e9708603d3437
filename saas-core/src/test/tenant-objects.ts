import { createAiObjects } from '../ai/test-support';
import { createIntegrationObjects } from '../integration/test-support';
import { createPlannerObjects } from '../planner/test-support';
import { createWriterObjects } from '../writer/test-support';
import type { TenantObjects } from './fixture-types';
import type { Tenant, TestContext } from './harness';

/** Where each kind of tenant object lives, to check that another tenant's calls left it untouched. */
export const OBJECT_TABLES: Record<string, string> = {
  keyword: 'keywords',
  cluster: 'clusters',
  idea: 'content_ideas',
  keyword_import: 'keyword_imports',
  task: 'tasks',
  content: 'contents',
  image: 'images',
  author_profile: 'author_profiles',
  strategy: 'strategies',
  integration: 'site_integrations',
};

const created = new WeakMap<Tenant, Promise<TenantObjects>>();

/** One of each planner/writer object for a tenant, made once per tenant and test file. */
export function tenantObjects(ctx: TestContext, t: Tenant): Promise<TenantObjects> {
  let objects = created.get(t);
  if (!objects) {
    objects = (async () => {
      const planner = await createPlannerObjects(ctx, t);
      return {
        ...planner,
        ...(await createWriterObjects(ctx, t, planner)),
        ...(await createAiObjects(ctx, t)),
        ...(await createIntegrationObjects(ctx, t)),
      };
    })();
    created.set(t, objects);
  }
  return objects;
}
