import { coreData } from '../../api/client';
import type { Content, Task } from '../../api/types';
import type { WriterKind } from './constants';

interface Registry {
  dispatch: {
    invalidatePages(): void;
    receiveItem(kind: WriterKind, item: { id: number }): void;
    invalidateItem(kind: WriterKind, id: number): void;
  };
}

export function createTask(body: { site_id: number; sector_id: number; title: string; target_keywords?: string[] }) {
  return async ({ dispatch }: Registry): Promise<Task> => {
    const task = await coreData<Task>('writer/tasks', { method: 'POST', data: body });
    dispatch.receiveItem('tasks', task);
    dispatch.invalidatePages();
    return task;
  };
}

export function updateContent(id: number, changes: Record<string, unknown>) {
  return async ({ dispatch }: Registry): Promise<Content> => {
    const content = await coreData<Content>(`writer/content/${id}`, { method: 'PATCH', data: changes });
    dispatch.receiveItem('content', content);
    dispatch.invalidatePages();
    return content;
  };
}

export function restoreVersion(id: number, version: number) {
  return async ({ dispatch }: Registry): Promise<Content> => {
    const content = await coreData<Content>(`writer/content/${id}/restore`, { method: 'POST', data: { version } });
    dispatch.receiveItem('content', content);
    dispatch.invalidatePages();
    return content;
  };
}

/** Queues publishing to this site; the worker reports back through the publishing status. */
export function publishContent(id: number, status: 'publish' | 'draft' | 'pending' | 'private' = 'publish') {
  return async ({ dispatch }: Registry) => {
    const queued = await coreData<{ publish_id: number }>(`writer/content/${id}/publish`, { method: 'POST', data: { status } });
    dispatch.invalidateItem('content', id);
    return queued;
  };
}
