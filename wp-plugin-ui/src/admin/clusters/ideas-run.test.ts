import { ideaBatches, ideasMade, ideasSummary, ideaUnits } from './ideas-run';

describe('generating ideas', () => {
  it('prices one unit per idea', () => {
    expect(ideaUnits(4, 3)).toBe(12);
    expect(ideaUnits(0, 7)).toBe(0);
  });

  it('sends at most five clusters per run', () => {
    expect(ideaBatches([1, 2, 3, 4, 5, 6, 7], 4)).toEqual([
      { key: 'ideas-1', body: { cluster_ids: [1, 2, 3, 4, 5], ideas_per_cluster: 4 } },
      { key: 'ideas-2', body: { cluster_ids: [6, 7], ideas_per_cluster: 4 } },
    ]);
  });

  it('counts the ideas of completed runs only', () => {
    expect(
      ideasMade({
        'ideas-1': { status: 'completed', result: { idea_ids: [1, 2, 3] } },
        'ideas-2': { status: 'failed', result: null },
        'ideas-3': undefined,
      }),
    ).toBe(3);
  });

  it('sums up failures and runs never started', () => {
    expect(ideasSummary(15, 0, 0)).toBe('15 ideas generated.');
    expect(ideasSummary(1, 1, 2)).toBe('1 idea generated. 1 run failed and was not charged. 2 runs were not started.');
  });
});
