import { Igny8Error } from '../../api/errors';
import { batchProgress, batchStepLabel, stopsBatch } from './use-ai-batch';

describe('AI batches', () => {
  it('stops after errors the next run would hit too, and carries on after others', () => {
    expect(stopsBatch(new Igny8Error('INSUFFICIENT_CREDITS', 'short', 402))).toBe(true);
    expect(stopsBatch(new Igny8Error('FORBIDDEN', 'no', 403))).toBe(true);
    expect(stopsBatch(new Igny8Error('BAD_OUTPUT', 'junk', 502))).toBe(false);
    expect(stopsBatch(new Error('plain'))).toBe(false);
  });

  it('counts finished runs whole and the running one by its percent', () => {
    const keys = ['a', 'b', 'c', 'd'];
    const runs = {
      a: { status: 'completed' as const, progress: 100 },
      b: { status: 'failed' as const, progress: 40 },
      c: { status: 'running' as const, progress: 50 },
    };
    expect(batchProgress(keys, runs, {})).toBeCloseTo(62.5);
    expect(batchProgress(keys, runs, { d: new Error('refused') })).toBeCloseTo(87.5);
    expect(batchProgress([], {}, {})).toBe(0);
  });

  it('names the step only when there are several runs', () => {
    expect(batchStepLabel(0, 1)).toBe('');
    expect(batchStepLabel(1, 3)).toBe('Run 2 of 3');
    expect(batchStepLabel(3, 3)).toBe('Run 3 of 3');
  });
});
