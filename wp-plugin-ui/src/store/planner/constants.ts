export const STORE_NAME = 'igny8/planner';

/** The planner's collections and the core paths they are read from. */
export const PLANNER_PATHS = {
  keywords: 'planner/keywords',
  clusters: 'planner/clusters',
  ideas: 'planner/ideas',
  seedKeywords: 'planner/seed-keywords',
  keywordImports: 'planner/keyword-imports',
} as const;

export type PlannerKind = keyof typeof PLANNER_PATHS;
