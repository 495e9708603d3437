/**
 * The parts of the block editor the sidebar uses, found at run time: WordPress 6.1 has the sidebar components
 * on wp.editPost, newer WordPress moved them to wp.editor.
 */
import type { ComponentType, ReactNode } from 'react';
import type { BlockLike } from './sections';

export interface EditorBlock extends BlockLike {
  clientId: string;
  innerBlocks: EditorBlock[];
}

export interface SidebarComponents {
  PluginSidebar: ComponentType<{ name: string; title: string; icon?: string; className?: string; children?: ReactNode }>;
  PluginSidebarMoreMenuItem: ComponentType<{ target: string; icon?: string; children?: ReactNode }>;
}

interface WordPressGlobal {
  editor?: Partial<SidebarComponents>;
  editPost?: Partial<SidebarComponents>;
}

export function sidebarComponents(): SidebarComponents | null {
  const wp = (window as unknown as { wp?: WordPressGlobal }).wp ?? {};
  for (const source of [wp.editor, wp.editPost]) {
    if (source?.PluginSidebar && source.PluginSidebarMoreMenuItem) {
      return { PluginSidebar: source.PluginSidebar, PluginSidebarMoreMenuItem: source.PluginSidebarMoreMenuItem };
    }
  }
  return null;
}

/** What the sidebar reads of the post being edited (the `igny8` field is printed by the bridge). */
export interface PostLink {
  task_id: number | null;
  content_id: number | null;
  sector_id: number | null;
  managed: boolean;
  wordpress_status: string;
  last_synced: string;
  webhooks_waiting: number;
  webhook_error: string;
}

export interface CoreEditorSelectors {
  getCurrentPostId(): number;
  getCurrentPostAttribute(name: 'igny8'): PostLink | undefined;
  getEditedPostAttribute(name: 'title'): string;
  getEditedPostAttribute(name: 'status'): string;
  isSavingPost(): boolean;
}

export interface BlockEditorSelectors {
  getBlocks(): EditorBlock[];
}

export interface BlockEditorActions {
  insertBlocks(blocks: unknown[], index?: number): void;
  replaceBlocks(clientIds: string[], blocks: unknown[]): void;
}

export interface CoreEditorActions {
  editPost(edits: Record<string, unknown>): void;
}
