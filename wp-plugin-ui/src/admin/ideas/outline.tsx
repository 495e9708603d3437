import { Button, Modal } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

export interface OutlineSection {
  heading: string;
  points: string[];
}

/** Sections with a heading or at least one point; blank points dropped. */
export function cleanOutline(outline: readonly OutlineSection[] | null | undefined): OutlineSection[] {
  return (outline ?? [])
    .map((section) => ({ heading: section.heading.trim(), points: section.points.map((point) => point.trim()).filter(Boolean) }))
    .filter((section) => section.heading !== '' || section.points.length > 0);
}

/** "6 sections, 18 points". */
export function outlineStats(outline: readonly OutlineSection[] | null | undefined): string {
  const sections = cleanOutline(outline);
  const points = sections.reduce((sum, section) => sum + section.points.length, 0);
  return sprintf(
    /* translators: 1: sections of an outline, 2: points under them */
    __('%1$s, %2$s', 'igny8-bridge'),
    sprintf(/* translators: %d: sections */ _n('%d section', '%d sections', sections.length, 'igny8-bridge'), sections.length),
    sprintf(/* translators: %d: points */ _n('%d point', '%d points', points, 'igny8-bridge'), points),
  );
}

/** An article's outline as the writer will follow it: numbered H2 sections, each with its points. */
export function Outline({ outline }: { outline: readonly OutlineSection[] | null | undefined }) {
  const sections = cleanOutline(outline);
  if (sections.length === 0) {
    return <p className="igny8-outline igny8-outline--empty">{__('This has no outline yet.', 'igny8-bridge')}</p>;
  }
  return (
    <ol className="igny8-outline" data-testid="igny8-outline">
      {sections.map((section, index) => (
        <li key={`${index}-${section.heading}`} className="igny8-outline__section">
          <h3 className="igny8-outline__heading">{section.heading || __('(untitled section)', 'igny8-bridge')}</h3>
          {section.points.length > 0 ? (
            <ul className="igny8-outline__points">
              {section.points.map((point, pointIndex) => (
                <li key={pointIndex}>{point}</li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

interface BriefProps {
  title: string;
  description?: string | null;
  keywords?: readonly string[];
  wordCount?: number | null;
  structure?: string;
  outline: readonly OutlineSection[] | null | undefined;
  onClose: () => void;
}

/** An idea's or task's brief and outline in a dialog. */
export function OutlineModal({ title, description, keywords = [], wordCount, structure, outline, onClose }: BriefProps) {
  return (
    <Modal title={title} onRequestClose={onClose} className="igny8-outline-modal">
      {description ? <p className="igny8-outline-modal__description">{description}</p> : null}
      <dl className="igny8-outline-modal__facts">
        {structure ? (
          <>
            <dt>{__('Structure', 'igny8-bridge')}</dt>
            <dd>{structureLabel(structure)}</dd>
          </>
        ) : null}
        {wordCount ? (
          <>
            <dt>{__('Length', 'igny8-bridge')}</dt>
            <dd>{sprintf(/* translators: %s: number of words */ __('about %s words', 'igny8-bridge'), wordCount.toLocaleString())}</dd>
          </>
        ) : null}
        {keywords.length > 0 ? (
          <>
            <dt>{__('Keywords', 'igny8-bridge')}</dt>
            <dd>{keywords.join(', ')}</dd>
          </>
        ) : null}
      </dl>
      <h2 className="igny8-outline-modal__title">{__('Outline', 'igny8-bridge')}</h2>
      <Outline outline={outline} />
      <div className="igny8-modal-actions">
        <Button variant="primary" onClick={onClose}>
          {__('Close', 'igny8-bridge')}
        </Button>
      </div>
    </Modal>
  );
}

export function structureLabel(structure: string): string {
  const labels: Record<string, () => string> = {
    article: () => __('Article', 'igny8-bridge'),
    how_to: () => __('How-to', 'igny8-bridge'),
    listicle: () => __('List', 'igny8-bridge'),
    guide: () => __('Guide', 'igny8-bridge'),
    comparison: () => __('Comparison', 'igny8-bridge'),
    review: () => __('Review', 'igny8-bridge'),
    news: () => __('News', 'igny8-bridge'),
    case_study: () => __('Case study', 'igny8-bridge'),
    pillar: () => __('Pillar page', 'igny8-bridge'),
  };
  return labels[structure]?.() ?? structure.replace(/_/g, ' ');
}

export function contentTypeLabel(type: string): string {
  const labels: Record<string, () => string> = {
    post: () => __('Post', 'igny8-bridge'),
    page: () => __('Page', 'igny8-bridge'),
    product: () => __('Product', 'igny8-bridge'),
    service: () => __('Service', 'igny8-bridge'),
  };
  return labels[type]?.() ?? type;
}
