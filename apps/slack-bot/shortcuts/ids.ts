/** Callback ids shared by the manifest, the shortcuts and the modals. */
export const SHORTCUT = { flagForQa: 'qa_flag_message', escalate: 'escalate_ticket' } as const;
export const VIEW = { qaFlag: 'qa_flag_modal', escalate: 'escalate_modal' } as const;
