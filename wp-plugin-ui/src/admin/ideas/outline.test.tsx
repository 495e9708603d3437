import { render, screen, within } from '@testing-library/react';
import { createTasksSummary } from './create-tasks';
import { cleanOutline, Outline, outlineStats, structureLabel } from './outline';

const outline = [
  { heading: 'Why grip matters', points: ['Wet rock', ' ', 'Mud'] },
  { heading: '  ', points: [] },
  { heading: 'Choosing a lug depth', points: ['4 mm for trails'] },
];

describe('idea outlines', () => {
  it('drops empty sections and blank points', () => {
    expect(cleanOutline(outline)).toEqual([
      { heading: 'Why grip matters', points: ['Wet rock', 'Mud'] },
      { heading: 'Choosing a lug depth', points: ['4 mm for trails'] },
    ]);
    expect(cleanOutline(null)).toEqual([]);
  });

  it('counts sections and points', () => {
    expect(outlineStats(outline)).toBe('2 sections, 3 points');
    expect(outlineStats([{ heading: 'One', points: ['a'] }])).toBe('1 section, 1 point');
  });

  it('renders numbered sections with their headings and points in order', () => {
    render(<Outline outline={outline} />);
    const sections = within(screen.getByTestId('igny8-outline')).getAllByRole('heading', { level: 3 });
    expect(sections.map((heading) => heading.textContent)).toEqual(['Why grip matters', 'Choosing a lug depth']);
    const first = sections[0]?.closest('li') as HTMLElement;
    expect(
      within(first)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Wet rock', 'Mud']);
  });

  it('says so when there is no outline', () => {
    render(<Outline outline={[]} />);
    expect(screen.getByText('This has no outline yet.')).toBeTruthy();
  });

  it('names structures in words', () => {
    expect(structureLabel('how_to')).toBe('How-to');
    expect(structureLabel('new_kind')).toBe('new kind');
  });
});

describe('creating tasks', () => {
  it('says how many tasks were made and how many ideas already had one', () => {
    expect(createTasksSummary(3, 0)).toBe('3 writing tasks created.');
    expect(createTasksSummary(1, 2)).toBe('1 writing task created. 2 ideas already had a task and were skipped.');
  });
});
