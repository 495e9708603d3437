import { runsOnLocalEngine } from './local-engine';

describe('the free local engine', () => {
  it('takes text work when the account has no AI provider, never images', () => {
    for (const operation of ['clustering', 'ideas', 'content', 'content_section', 'image_prompts']) {
      expect(runsOnLocalEngine(operation, 'local')).toBe(true);
      expect(runsOnLocalEngine(operation, 'openai')).toBe(false);
    }
    expect(runsOnLocalEngine('images', 'local')).toBe(false);
    // Before the context is known, the cost is what is shown.
    expect(runsOnLocalEngine('content', undefined)).toBe(false);
  });
});
