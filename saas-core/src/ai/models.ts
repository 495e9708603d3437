import { TenantModel } from '../platform/tenancy/tenant-model';
import type { AiFunction } from './prompts';

export class AiPrompt extends TenantModel {
  static override tableName = 'ai_prompts';

  function!: AiFunction;
  template!: string;
  updatedById!: number | null;
}

export class AuthorProfile extends TenantModel {
  static override tableName = 'author_profiles';
  static override booleanColumns = ['isDefault'];

  name!: string;
  description!: string | null;
  tone!: string;
  language!: string;
  writingStyle!: string | null;
  isDefault!: boolean;
}

export class Strategy extends TenantModel {
  static override tableName = 'strategies';
  static override booleanColumns = ['isActive'];

  name!: string;
  description!: string | null;
  audience!: string | null;
  guidance!: string;
  isActive!: boolean;
}
