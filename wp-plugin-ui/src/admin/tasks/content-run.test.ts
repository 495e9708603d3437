import { Igny8Error } from '../../api/errors';
import { contentBatches, contentSummary, taskKey } from './content-run';

describe('writing content', () => {
  it('runs one task per run, keyed by task', () => {
    expect(contentBatches([4, 9])).toEqual([
      { key: 'task-4', body: { task_ids: [4] } },
      { key: 'task-9', body: { task_ids: [9] } },
    ]);
    expect(taskKey(4)).toBe('task-4');
  });

  it('reports written, failed and skipped articles', () => {
    const ok = contentSummary({
      runs: {
        'task-1': { status: 'completed', result: { contents: [1], draft: false } } as never,
        'task-2': { status: 'completed', result: null } as never,
      },
      errors: {},
      skipped: [],
    });
    expect(ok).toEqual({ text: '2 articles written.', drafts: false, ok: true });

    const mixed = contentSummary({
      runs: { 'task-1': { status: 'completed', result: { draft: true } } as never },
      errors: { 'task-2': new Igny8Error('INSUFFICIENT_CREDITS', 'short') },
      skipped: ['task-3', 'task-4'],
    });
    expect(mixed.ok).toBe(false);
    expect(mixed.drafts).toBe(true);
    expect(mixed.text).toBe(
      '1 article written. 1 failed and was not charged. 2 tasks were not started. No AI provider is set up, so the free local engine wrote draft briefs; set up a provider for finished articles.',
    );
  });
});
