import * as element from '@wordpress/element';
import type { ReactElement } from 'react';

type LegacyRender = (node: ReactElement, container: Element) => void;

/** createRoot where WordPress has React 18 (6.2+); the legacy render on WordPress 6.1's React 17. */
export function mount(node: ReactElement, container: Element): void {
  const api = element as unknown as { createRoot?: (container: Element) => { render(node: ReactElement): void }; render?: LegacyRender };
  if (typeof api.createRoot === 'function') {
    api.createRoot(container).render(node);
  } else if (typeof api.render === 'function') {
    api.render(node, container);
  }
}
