import { Igny8Error } from '../../api/errors';
import { approvalSteps, canApprove, canPublish, isNeverPublished, isPublishingDone, publishingMessage } from './publishing';

const record = { attempts: 1, error_message: null, requested_wp_status: 'publish' };

describe('publishing status', () => {
  it('keeps polling while queued or publishing', () => {
    expect(isPublishingDone({ status: 'queued' })).toBe(false);
    expect(isPublishingDone({ status: 'publishing' })).toBe(false);
    expect(isPublishingDone({ status: 'published' })).toBe(true);
    expect(isPublishingDone({ status: 'failed' })).toBe(true);
    expect(isPublishingDone(null)).toBe(true);
  });

  it('treats a 404 as never published, not as an error', () => {
    expect(isNeverPublished(new Igny8Error('NOT_FOUND', 'Publishing record not found', 404))).toBe(true);
    expect(isNeverPublished(new Igny8Error('FORBIDDEN', 'no', 403))).toBe(false);
    expect(isNeverPublished(new Error('x'))).toBe(false);
  });

  it('says where publishing stands', () => {
    expect(publishingMessage({ ...record, status: 'queued' })).toBe('Waiting to be sent to WordPress…');
    expect(publishingMessage({ ...record, status: 'publishing', attempts: 3 })).toBe('Sending to WordPress (attempt 3)…');
    expect(publishingMessage({ ...record, status: 'published' })).toBe('Published on this site.');
    expect(publishingMessage({ ...record, status: 'published', requested_wp_status: 'draft' })).toBe('Sent to this site as draft.');
    expect(publishingMessage({ ...record, status: 'failed', error_message: 'The site refused the image.' })).toBe(
      'Publishing failed: The site refused the image.',
    );
  });

  it('offers approval for drafts and content in review only', () => {
    expect(canApprove('draft')).toBe(true);
    expect(canApprove('review')).toBe(true);
    expect(canApprove('approved')).toBe(false);
    expect(canApprove('published')).toBe(false);
  });

  it('approves a draft through review, as the core allows one step at a time', () => {
    expect(approvalSteps('draft')).toEqual(['review', 'approved']);
    expect(approvalSteps('review')).toEqual(['approved']);
    expect(approvalSteps('approved')).toEqual([]);
    expect(approvalSteps('archived')).toEqual([]);
  });

  it('publishes approved content only', () => {
    expect(canPublish('approved')).toBe(true);
    expect(canPublish('published')).toBe(true);
    expect(canPublish('draft')).toBe(false);
    expect(canPublish('review')).toBe(false);
  });
});
