import { z } from 'zod';
import { OutlineSectionSchema } from '../planner/presenters';
import { listPage, orderingQuery, paginationQuery, searchQuery } from '../platform/http/list';
import { defineRoute, type Route } from '../platform/http/route';
import { baseUrl } from '../platform/http/router';
import { changesOf, idParam, idParams } from '../platform/http/schemas';
import { createContent, deleteContent, requireContent, restoreContentVersion, updateContent } from './commands/content';
import { attachImageFile, createImage, deleteImage, requireImage, updateImage } from './commands/images';
import { bulkUpdateTasks, createTask, deleteTasks, requireTask, updateTask } from './commands/tasks';
import { IMAGE_TYPES_BY_MIME } from './media';
import {
  Content,
  CONTENT_STATUSES,
  CONTENT_STRUCTURES,
  CONTENT_TYPES,
  ContentVersion,
  Image,
  IMAGE_STATUSES,
  IMAGE_TYPES,
  Task,
  TASK_STATUSES,
} from './models';
import { writerPolicies } from './policies';
import {
  ContentOut,
  ContentSummaryOut,
  ContentVersionOut,
  ImageOut,
  presentContent,
  presentContentSummary,
  presentContentVersion,
  presentImage,
  presentTask,
  TaskOut,
} from './presenters';

const throttle = 'writer';
const IdList = z.array(idParam).min(1).max(500);

const TaskFields = {
  title: z.string().trim().min(1).max(255),
  brief: z.string().max(20_000).nullable().optional(),
  idea_id: idParam.nullable().optional(),
  cluster_id: idParam.nullable().optional(),
  target_keywords: z.array(z.string().trim().min(1).max(255)).max(50).optional(),
  content_type: z.enum(CONTENT_TYPES).optional(),
  content_structure: z.enum(CONTENT_STRUCTURES).optional(),
  word_count_target: z.number().int().min(100).max(20_000).nullable().optional(),
  outline: z.array(OutlineSectionSchema).max(30).optional(),
};
type TaskBody = Partial<z.output<z.ZodObject<typeof TaskFields>>> & { status?: Task['status'] };
const taskChanges = (body: TaskBody) => ({
  title: body.title,
  brief: body.brief,
  ideaId: body.idea_id,
  clusterId: body.cluster_id,
  targetKeywords: body.target_keywords,
  contentType: body.content_type,
  contentStructure: body.content_structure,
  wordCountTarget: body.word_count_target,
  outline: body.outline,
  status: body.status,
});

const taskTags = ['writer: tasks'];

export const taskRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: '/writer/tasks',
    operationId: 'listTasks',
    summary: 'List writing tasks',
    tags: taskTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.read,
    query: z.object({
      ...paginationQuery,
      ...searchQuery,
      status: z.enum(TASK_STATUSES).optional(),
      cluster_id: idParam.optional(),
      idea_id: idParam.optional(),
      content_type: z.enum(CONTENT_TYPES).optional(),
      content_structure: z.enum(CONTENT_STRUCTURES).optional(),
      site_id: idParam.optional(),
      sector_id: idParam.optional(),
      ordering: orderingQuery(
        { created_at: 'createdAt', updated_at: 'updatedAt', title: 'title', status: 'status', word_count_target: 'wordCountTarget' },
        '-created_at',
      ),
    }),
    response: { kind: 'page', status: 200, item: TaskOut },
    async handler({ query, scope, services }) {
      const builder = Task.query(services.knex).forTenant(scope);
      for (const [field, column] of [
        ['status', 'status'],
        ['cluster_id', 'clusterId'],
        ['idea_id', 'ideaId'],
        ['content_type', 'contentType'],
        ['content_structure', 'contentStructure'],
        ['site_id', 'siteId'],
        ['sector_id', 'sectorId'],
      ] as const) {
        if (query[field] !== undefined) builder.where(`tasks.${column}`, query[field]);
      }
      const page = await listPage(builder, query, ['title']);
      return { count: page.count, results: page.results.map(presentTask) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/writer/tasks',
    operationId: 'createTask',
    summary: 'Create a writing task',
    tags: taskTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.write,
    body: z.object({ site_id: idParam, sector_id: idParam, ...TaskFields }),
    refs: { 'body.site_id': 'site', 'body.sector_id': 'sector', 'body.idea_id': 'idea', 'body.cluster_id': 'cluster' },
    response: { kind: 'data', status: 201, schema: TaskOut, message: 'Task created.' },
    async handler({ body, scope, services }) {
      const task = await createTask(services.knex, scope, {
        siteId: body.site_id,
        sectorId: body.sector_id,
        ideaId: body.idea_id ?? null,
        clusterId: body.cluster_id ?? null,
        title: body.title,
        brief: body.brief ?? null,
        targetKeywords: body.target_keywords ?? [],
        contentType: body.content_type ?? 'post',
        contentStructure: body.content_structure ?? 'article',
        wordCountTarget: body.word_count_target ?? null,
        outline: body.outline ?? [],
      });
      return presentTask(task);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/writer/tasks/bulk_delete',
    operationId: 'bulkDeleteTasks',
    summary: 'Delete tasks by id (with their content and images)',
    tags: taskTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.write,
    body: z.object({ ids: IdList }),
    refs: { 'body.ids[]': 'task' },
    response: { kind: 'data', status: 200, schema: z.object({ deleted: z.number().int(), not_found: z.array(z.number().int()) }) },
    async handler({ body, scope, services }) {
      const outcome = await deleteTasks(services, scope, body.ids);
      return { deleted: outcome.deleted, not_found: outcome.notFound };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/writer/tasks/bulk_update',
    operationId: 'bulkUpdateTasks',
    summary: 'Change status, type, structure or cluster of tasks by id',
    tags: taskTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.write,
    body: z
      .object({
        ids: IdList,
        status: z.enum(TASK_STATUSES).optional(),
        content_type: z.enum(CONTENT_TYPES).optional(),
        content_structure: z.enum(CONTENT_STRUCTURES).optional(),
        cluster_id: idParam.nullable().optional(),
      })
      .refine((body) => Object.keys(body).length > 1, 'Send at least one field to change.'),
    refs: { 'body.ids[]': 'task' },
    response: { kind: 'data', status: 200, schema: z.object({ updated: z.number().int(), not_found: z.array(z.number().int()) }) },
    async handler({ body, scope, services }) {
      const outcome = await bulkUpdateTasks(services.knex, scope, body.ids, {
        status: body.status,
        contentType: body.content_type,
        contentStructure: body.content_structure,
        clusterId: body.cluster_id,
      });
      return { updated: outcome.updated, not_found: outcome.notFound };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/writer/tasks/{id}',
    operationId: 'getTask',
    summary: 'One task with its outline',
    tags: taskTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.read,
    params: idParams,
    refs: { 'params.id': 'task' },
    response: { kind: 'data', status: 200, schema: TaskOut },
    async handler({ params, scope, services }) {
      return presentTask(await requireTask(services.knex, scope, params.id));
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/writer/tasks/{id}',
    operationId: 'updateTask',
    summary: 'Change a task',
    tags: taskTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.write,
    params: idParams,
    body: changesOf({ ...TaskFields, status: z.enum(TASK_STATUSES).optional() }),
    refs: { 'params.id': 'task' },
    response: { kind: 'data', status: 200, schema: TaskOut, message: 'Task updated.' },
    async handler({ params, body, scope, services }) {
      return presentTask(await updateTask(services.knex, scope, params.id, taskChanges(body)));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/writer/tasks/{id}',
    operationId: 'deleteTask',
    summary: 'Delete a task with its content and images',
    tags: taskTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.write,
    params: idParams,
    refs: { 'params.id': 'task' },
    response: { kind: 'empty', status: 200, message: 'Task deleted.' },
    async handler({ params, scope, services }) {
      const task = await requireTask(services.knex, scope, params.id);
      await deleteTasks(services, scope, [task.id]);
    },
  }),
];

const ContentFields = {
  title: z.string().trim().min(1).max(255),
  html: z.string().max(2_000_000).describe('Sanitised on write: no scripts, styles, event handlers or javascript: URLs'),
  meta_title: z.string().trim().max(255).nullable().optional(),
  meta_description: z.string().trim().max(1000).nullable().optional(),
  primary_keyword: z.string().trim().max(255).nullable().optional(),
  secondary_keywords: z.array(z.string().trim().min(1).max(255)).max(50).optional(),
  status: z.enum(CONTENT_STATUSES).optional(),
};
type ContentBody = Partial<z.output<z.ZodObject<typeof ContentFields>>>;
const contentChanges = (body: ContentBody) => ({
  title: body.title,
  html: body.html,
  metaTitle: body.meta_title,
  metaDescription: body.meta_description,
  primaryKeyword: body.primary_keyword,
  secondaryKeywords: body.secondary_keywords,
  status: body.status,
});
const contentTags = ['writer: content'];

export const contentRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: '/writer/content',
    operationId: 'listContent',
    summary: 'List content (without bodies)',
    tags: contentTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.read,
    query: z.object({
      ...paginationQuery,
      ...searchQuery,
      status: z.enum(CONTENT_STATUSES).optional(),
      task_id: idParam.optional(),
      site_id: idParam.optional(),
      sector_id: idParam.optional(),
      ordering: orderingQuery({ created_at: 'createdAt', updated_at: 'updatedAt', title: 'title', word_count: 'wordCount' }, '-updated_at'),
    }),
    response: { kind: 'page', status: 200, item: ContentSummaryOut },
    async handler({ query, scope, services }) {
      const builder = Content.query(services.knex).forTenant(scope);
      if (query.status) builder.where('contents.status', query.status);
      if (query.task_id) builder.where('contents.taskId', query.task_id);
      if (query.site_id) builder.where('contents.siteId', query.site_id);
      if (query.sector_id) builder.where('contents.sectorId', query.sector_id);
      const page = await listPage(builder, query, ['title']);
      return { count: page.count, results: page.results.map(presentContentSummary) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/writer/content',
    operationId: 'createContent',
    summary: 'Create the content of a task (one per task)',
    tags: contentTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.write,
    body: z.object({ task_id: idParam, ...ContentFields }),
    refs: { 'body.task_id': 'task' },
    response: { kind: 'data', status: 201, schema: ContentOut, message: 'Content created.' },
    async handler({ body, scope, services }) {
      const content = await createContent(services.knex, scope, body.task_id, { ...contentChanges(body), title: body.title, html: body.html });
      return presentContent(content);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/writer/content/{id}',
    operationId: 'getContent',
    summary: 'One content with its HTML and native blocks',
    tags: contentTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.read,
    params: idParams,
    refs: { 'params.id': 'content' },
    response: { kind: 'data', status: 200, schema: ContentOut },
    async handler({ params, scope, services }) {
      return presentContent(await requireContent(services.knex, scope, params.id));
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/writer/content/{id}',
    operationId: 'updateContent',
    summary: 'Change content; the previous state is kept as a version',
    description: 'Status moves draft → review → approved → published; other moves answer 409 INVALID_STATUS_TRANSITION.',
    tags: contentTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.write,
    params: idParams,
    body: changesOf(ContentFields),
    refs: { 'params.id': 'content' },
    response: { kind: 'data', status: 200, schema: ContentOut, message: 'Content saved.' },
    async handler({ params, body, actor, scope, services }) {
      return presentContent(await updateContent(services.knex, scope, actor, params.id, contentChanges(body)));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/writer/content/{id}',
    operationId: 'deleteContent',
    summary: 'Delete content with its versions',
    tags: contentTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.write,
    params: idParams,
    refs: { 'params.id': 'content' },
    response: { kind: 'empty', status: 200, message: 'Content deleted.' },
    async handler({ params, scope, services }) {
      await deleteContent(services, scope, params.id);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/writer/content/{id}/versions',
    operationId: 'listContentVersions',
    summary: 'Earlier versions of a content, newest first',
    tags: contentTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.read,
    params: idParams,
    query: z.object({ ...paginationQuery, ordering: orderingQuery({ version: 'version' }, '-version') }),
    refs: { 'params.id': 'content' },
    response: { kind: 'page', status: 200, item: ContentVersionOut },
    async handler({ params, query, scope, services }) {
      const content = await requireContent(services.knex, scope, params.id);
      const page = await listPage(ContentVersion.query(services.knex).forTenant(scope).where('contentId', content.id), query);
      return { count: page.count, results: page.results.map(presentContentVersion) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/writer/content/{id}/restore',
    operationId: 'restoreContentVersion',
    summary: 'Bring back an earlier version (the current one is kept as a version too)',
    tags: contentTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.write,
    params: idParams,
    body: z.object({ version: z.number().int().min(1) }),
    refs: { 'params.id': 'content' },
    response: { kind: 'data', status: 200, schema: ContentOut, message: 'Version restored.' },
    async handler({ params, body, actor, scope, services }) {
      return presentContent(await restoreContentVersion(services.knex, scope, actor, params.id, body.version));
    },
  }),
];

const ImageFields = {
  type: z.enum(IMAGE_TYPES),
  prompt: z.string().max(4000).nullable().optional(),
  alt_text: z.string().trim().max(500).nullable().optional(),
  caption: z.string().max(2000).nullable().optional(),
  position: z.number().int().min(0).max(1000).optional(),
};
type ImageBody = Partial<z.output<z.ZodObject<typeof ImageFields>>>;
const imageProps = (body: ImageBody) => ({
  type: body.type,
  prompt: body.prompt,
  altText: body.alt_text,
  caption: body.caption,
  position: body.position,
});
const imageTags = ['writer: images'];

export const imageRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: '/writer/images',
    operationId: 'listImages',
    summary: 'List images',
    tags: imageTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.read,
    query: z.object({
      ...paginationQuery,
      task_id: idParam.optional(),
      content_id: idParam.optional(),
      type: z.enum(IMAGE_TYPES).optional(),
      status: z.enum(IMAGE_STATUSES).optional(),
      site_id: idParam.optional(),
      ordering: orderingQuery({ position: 'position', created_at: 'createdAt' }, 'position'),
    }),
    response: { kind: 'page', status: 200, item: ImageOut },
    async handler({ query, scope, services, ctx }) {
      const builder = Image.query(services.knex).forTenant(scope);
      if (query.task_id) builder.where('images.taskId', query.task_id);
      if (query.content_id) builder.where('images.contentId', query.content_id);
      if (query.type) builder.where('images.type', query.type);
      if (query.status) builder.where('images.status', query.status);
      if (query.site_id) builder.where('images.siteId', query.site_id);
      const page = await listPage(builder, query);
      const base = baseUrl(ctx, services);
      return { count: page.count, results: page.results.map((image) => presentImage(image, base)) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/writer/images',
    operationId: 'createImage',
    summary: 'Add an image slot (featured or in-article) to a task or content',
    tags: imageTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.write,
    body: z
      .object({ task_id: idParam.optional(), content_id: idParam.optional(), ...ImageFields })
      .refine((body) => body.task_id !== undefined || body.content_id !== undefined, {
        message: 'Name a task_id or a content_id.',
        path: ['task_id'],
      }),
    refs: { 'body.task_id': 'task', 'body.content_id': 'content' },
    response: { kind: 'data', status: 201, schema: ImageOut, message: 'Image added.' },
    async handler({ body, scope, services, ctx }) {
      const image = await createImage(services.knex, scope, {
        ...imageProps(body),
        type: body.type,
        taskId: body.task_id,
        contentId: body.content_id,
      });
      return presentImage(image, baseUrl(ctx, services));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/writer/images/{id}',
    operationId: 'getImage',
    summary: 'One image',
    tags: imageTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.read,
    params: idParams,
    refs: { 'params.id': 'image' },
    response: { kind: 'data', status: 200, schema: ImageOut },
    async handler({ params, scope, services, ctx }) {
      return presentImage(await requireImage(services.knex, scope, params.id), baseUrl(ctx, services));
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/writer/images/{id}',
    operationId: 'updateImage',
    summary: 'Change alt text, caption, position, prompt or type',
    tags: imageTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.write,
    params: idParams,
    body: changesOf(ImageFields),
    refs: { 'params.id': 'image' },
    response: { kind: 'data', status: 200, schema: ImageOut, message: 'Image updated.' },
    async handler({ params, body, scope, services, ctx }) {
      return presentImage(await updateImage(services.knex, scope, params.id, imageProps(body)), baseUrl(ctx, services));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/writer/images/{id}',
    operationId: 'deleteImage',
    summary: 'Delete an image and its file',
    tags: imageTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.write,
    params: idParams,
    refs: { 'params.id': 'image' },
    response: { kind: 'empty', status: 200, message: 'Image deleted.' },
    async handler({ params, scope, services }) {
      await deleteImage(services, scope, params.id);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/writer/images/{id}/file',
    operationId: 'uploadImageFile',
    summary: 'Upload the image file (PNG, JPEG, WebP or GIF; checked by its content)',
    tags: imageTags,
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.write,
    params: idParams,
    upload: { contentTypes: Object.keys(IMAGE_TYPES_BY_MIME), description: 'The image bytes' },
    refs: { 'params.id': 'image' },
    response: { kind: 'data', status: 200, schema: ImageOut, message: 'Image stored.' },
    async handler({ params, scope, services, ctx }) {
      const image = await attachImageFile(services, scope, params.id, ctx.req, ctx.request.type);
      return presentImage(image, baseUrl(ctx, services));
    },
  }),
];

export const writerRoutes: Route[] = [...taskRoutes, ...contentRoutes, ...imageRoutes];
