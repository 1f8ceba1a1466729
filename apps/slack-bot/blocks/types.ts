/**
 * The subset of Block Kit casebridge builds. Kept local (no @slack/types dependency) and loose
 * enough for the limits validator to walk any block it is given.
 */
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
}
export type TextObject = PlainText | Mrkdwn;

export interface Option {
  text: PlainText;
  value: string;
}

export interface Button {
  type: 'button';
  text: PlainText;
  action_id: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

export interface StaticSelect {
  type: 'static_select';
  action_id: string;
  placeholder?: PlainText;
  options: Option[];
  initial_option?: Option;
}

export interface OptionGroup {
  label: PlainText;
  options: Option[];
}

/** A multi-select: flat `options` or `option_groups` (one of the two). */
export interface MultiStaticSelect {
  type: 'multi_static_select';
  action_id: string;
  placeholder?: PlainText;
  options?: Option[];
  option_groups?: OptionGroup[];
  max_selected_items?: number;
}

export interface PlainTextInput {
  type: 'plain_text_input';
  action_id: string;
  multiline?: boolean;
  max_length?: number;
  initial_value?: string;
  placeholder?: PlainText;
}

export type Element = Button | StaticSelect | MultiStaticSelect | PlainTextInput;

export type Block =
  | { type: 'header'; text: PlainText; block_id?: string }
  | { type: 'section'; text?: TextObject; fields?: TextObject[]; accessory?: Element; block_id?: string }
  | { type: 'context'; elements: TextObject[]; block_id?: string }
  | { type: 'actions'; elements: Element[]; block_id?: string }
  | { type: 'divider'; block_id?: string }
  | {
      type: 'input';
      block_id: string;
      label: PlainText;
      element: Element;
      optional?: boolean;
      hint?: PlainText;
    };

/** A message body: what chat.postMessage and respond() take. */
export interface MessageBody {
  text: string;
  blocks: Block[];
}

export interface ModalView {
  type: 'modal';
  callback_id: string;
  title: PlainText;
  submit?: PlainText;
  close?: PlainText;
  private_metadata?: string;
  blocks: Block[];
}

export interface HomeView {
  type: 'home';
  blocks: Block[];
}
