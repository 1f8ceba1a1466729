import { h } from 'preact';
import { useState } from 'preact/hooks';
import {
  QA_CATEGORIES,
  QA_FLAG_REASON_MAX,
  QA_SEVERITIES,
} from '../../../../shared/domain/qa-flag-choices.js';
import type { SidebarQaFlagged, SidebarQaFlagInput } from '../api-types.js';

/** Queues the flag as the signed-in agent; the caller shows the ticket's flags it answers with. */
export type FlagForQa = (input: SidebarQaFlagInput) => Promise<SidebarQaFlagged>;

const FORM_ID = 'cb-qa-flag-form';
const label = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

/** A select whose empty choice sends nothing (the flag is then uncategorised, or of no severity). */
function Choice(props: {
  id: string;
  label: string;
  values: readonly string[];
  value: string;
  disabled: boolean;
  onChange(value: string): void;
}) {
  return [
    h('label', { for: props.id, key: `${props.id}-label` }, props.label),
    h(
      'select',
      {
        id: props.id,
        key: props.id,
        value: props.value,
        disabled: props.disabled,
        onChange: (e: Event) => props.onChange((e.target as HTMLSelectElement).value),
      },
      h('option', { value: '' }, 'Not set'),
      props.values.map((v) => h('option', { key: v, value: v }, label(v))),
    ),
  ];
}

function FlagForm(props: { flag: FlagForQa; onCancel(): void; onFlagged(): void }) {
  const [reason, setReason] = useState('');
  const [category, setCategory] = useState('');
  const [severity, setSeverity] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy || reason.trim() === '') return;
    setBusy(true);
    setError(null);
    const chosenCategory = QA_CATEGORIES.find((c) => c === category);
    const chosenSeverity = QA_SEVERITIES.find((s) => s === severity);
    try {
      await props.flag({
        reason: reason.trim(),
        ...(chosenCategory !== undefined && { category: chosenCategory }),
        ...(chosenSeverity !== undefined && { severity: chosenSeverity }),
      });
      setBusy(false);
      props.onFlagged();
    } catch (failure) {
      setBusy(false);
      setError((failure as Error).message);
    }
  };

  return h(
    'form',
    { id: FORM_ID, class: 'qa-flag-form', 'aria-label': 'Flag for QA review', onSubmit: submit },
    h('label', { for: 'cb-qa-reason' }, 'Why should QA review this ticket?'),
    h('textarea', {
      id: 'cb-qa-reason',
      required: true,
      maxLength: QA_FLAG_REASON_MAX,
      value: reason,
      disabled: busy,
      onInput: (e: Event) => setReason((e.target as HTMLTextAreaElement).value),
    }),
    h(Choice, {
      id: 'cb-qa-category',
      label: 'Category',
      values: QA_CATEGORIES,
      value: category,
      disabled: busy,
      onChange: setCategory,
    }),
    h(Choice, {
      id: 'cb-qa-severity',
      label: 'Severity',
      values: QA_SEVERITIES,
      value: severity,
      disabled: busy,
      onChange: setSeverity,
    }),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { type: 'submit', class: 'primary', disabled: busy || reason.trim() === '' },
        busy ? 'Flagging…' : 'Submit flag',
      ),
      h('button', { type: 'button', disabled: busy, onClick: props.onCancel }, 'Cancel'),
    ),
    error === null ? null : h('p', { class: 'error', role: 'alert' }, error),
  );
}

/** "Flag for QA review": a button that opens the form inline, and a note once the flag is queued. */
export function FlagForQaAction(props: { flag: FlagForQa }) {
  const [open, setOpen] = useState(false);
  const [flagged, setFlagged] = useState(false);
  return h(
    'div',
    { class: 'qa-flag' },
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          'aria-expanded': open,
          ...(open && { 'aria-controls': FORM_ID }),
          onClick: () => {
            setOpen(!open);
            setFlagged(false);
          },
        },
        'Flag for QA review',
      ),
    ),
    open
      ? h(FlagForm, {
          flag: props.flag,
          onCancel: () => setOpen(false),
          onFlagged: () => {
            setOpen(false);
            setFlagged(true);
          },
        })
      : null,
    flagged
      ? h('p', { class: 'muted', role: 'status' }, 'Flagged for QA review: it is in the QA queue.')
      : null,
  );
}
