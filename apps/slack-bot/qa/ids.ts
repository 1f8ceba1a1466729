/** Action ids of the QA buttons and callback ids of the QA modals (listeners and builders share them). */
export const QA_ACTION = {
  /** On a flag (QA channel post, queue entry): claim it and open the review form. Value: flag id. */
  claim: 'qa.claim',
  /** In the agent's review DM. Value: review id. */
  dispute: 'qa.dispute',
  /** In the reviewer's dispute DM. Value: dispute id. */
  accept: 'qa.dispute.accept',
  reject: 'qa.dispute.reject',
} as const;

export const QA_VIEW = {
  review: 'qa_review_modal',
  dispute: 'qa_dispute_modal',
  resolve: 'qa_resolve_modal',
  /** A modal that only tells something (saved, too large to review here); no submission. */
  info: 'qa_info_modal',
} as const;

/** Block (and action) ids inside the QA modals: `state.values[block][block]`. */
export const QA_BLOCK = {
  rating: (index: number) => `qa.rating.${index}`,
  failed: 'qa.failed',
  comment: 'qa.comment',
  note: 'qa.note',
} as const;
