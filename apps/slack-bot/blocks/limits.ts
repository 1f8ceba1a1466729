import type {
  Block,
  Element,
  HomeView,
  MessageBody,
  ModalView,
  MultiStaticSelect,
  Option,
  TextObject,
} from './types.js';

/** Block Kit limits (FACTS/slack.md, @slack/types). Slack rejects a whole message over any one. */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  header: 150,
  contextElements: 10,
  actionsElements: 25,
  id: 255,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  optionText: 75,
  optionValue: 75,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  inputLabel: 2000,
  inputHint: 2000,
  messageText: 40_000,
} as const;

type Problems = string[];

function max(problems: Problems, path: string, value: string | undefined, limit: number): void {
  if (value !== undefined && value.length > limit)
    problems.push(`${path}: ${value.length} characters, limit ${limit}`);
}

function nonEmpty(problems: Problems, path: string, text: TextObject | undefined): void {
  if (text !== undefined && text.text.length === 0) problems.push(`${path}: empty text`);
}

function checkElement(problems: Problems, path: string, element: Element): void {
  max(problems, `${path}.action_id`, element.action_id, LIMITS.id);
  if (element.type === 'button') {
    max(problems, `${path}.text`, element.text.text, LIMITS.buttonText);
    nonEmpty(problems, `${path}.text`, element.text);
    max(problems, `${path}.value`, element.value, LIMITS.buttonValue);
    max(problems, `${path}.url`, element.url, LIMITS.buttonUrl);
  } else if (element.type === 'static_select') {
    checkOptions(problems, `${path}.options`, element.options);
    const initial = element.initial_option;
    if (initial !== undefined && !element.options.some((o) => o.value === initial.value))
      problems.push(`${path}.initial_option: "${initial.value}" is not one of the options`);
  } else if (element.type === 'multi_static_select') {
    checkMultiSelect(problems, path, element);
  } else {
    max(problems, `${path}.initial_value`, element.initial_value, element.max_length ?? 3000);
  }
}

function checkOptions(problems: Problems, path: string, options: readonly Option[]): void {
  if (options.length === 0 || options.length > LIMITS.selectOptions)
    problems.push(`${path}: ${options.length}, allowed 1–${LIMITS.selectOptions}`);
  options.forEach((o, i) => {
    max(problems, `${path}[${i}].text`, o.text.text, LIMITS.optionText);
    nonEmpty(problems, `${path}[${i}].text`, o.text);
    max(problems, `${path}[${i}].value`, o.value, LIMITS.optionValue);
  });
}

/** Exactly one of options / option_groups, each group labelled and within the option limits. */
function checkMultiSelect(problems: Problems, path: string, element: MultiStaticSelect): void {
  const groups = element.option_groups;
  if ((element.options === undefined) === (groups === undefined))
    problems.push(`${path}: give options or option_groups, not both or neither`);
  if (element.options !== undefined) checkOptions(problems, `${path}.options`, element.options);
  if (groups === undefined) return;
  if (groups.length === 0 || groups.length > LIMITS.optionGroups)
    problems.push(`${path}.option_groups: ${groups.length}, allowed 1–${LIMITS.optionGroups}`);
  groups.forEach((g, i) => {
    max(problems, `${path}.option_groups[${i}].label`, g.label.text, LIMITS.optionGroupLabel);
    checkOptions(problems, `${path}.option_groups[${i}].options`, g.options);
  });
}

function checkBlock(problems: Problems, path: string, block: Block): void {
  max(problems, `${path}.block_id`, block.block_id, LIMITS.id);
  switch (block.type) {
    case 'header':
      max(problems, `${path}.text`, block.text.text, LIMITS.header);
      nonEmpty(problems, `${path}.text`, block.text);
      break;
    case 'section':
      if (block.text === undefined && (block.fields?.length ?? 0) === 0)
        problems.push(`${path}: a section needs text or fields`);
      max(problems, `${path}.text`, block.text?.text, LIMITS.sectionText);
      nonEmpty(problems, `${path}.text`, block.text);
      if ((block.fields?.length ?? 0) > LIMITS.sectionFields)
        problems.push(`${path}.fields: ${block.fields?.length}, limit ${LIMITS.sectionFields}`);
      for (const [i, f] of (block.fields ?? []).entries())
        max(problems, `${path}.fields[${i}]`, f.text, LIMITS.fieldText);
      if (block.accessory !== undefined) checkElement(problems, `${path}.accessory`, block.accessory);
      break;
    case 'context':
      if (block.elements.length === 0 || block.elements.length > LIMITS.contextElements)
        problems.push(`${path}.elements: ${block.elements.length}, allowed 1–${LIMITS.contextElements}`);
      for (const [i, e] of block.elements.entries())
        max(problems, `${path}.elements[${i}]`, e.text, LIMITS.sectionText);
      break;
    case 'actions':
      checkActions(problems, path, block.elements);
      break;
    case 'input':
      max(problems, `${path}.label`, block.label.text, LIMITS.inputLabel);
      max(problems, `${path}.hint`, block.hint?.text, LIMITS.inputHint);
      checkElement(problems, `${path}.element`, block.element);
      break;
    case 'divider':
      break;
  }
}

function checkActions(problems: Problems, path: string, elements: Element[]): void {
  if (elements.length === 0 || elements.length > LIMITS.actionsElements)
    problems.push(`${path}.elements: ${elements.length}, allowed 1–${LIMITS.actionsElements}`);
  const ids = new Set<string>();
  elements.forEach((e, i) => {
    if (ids.has(e.action_id)) problems.push(`${path}.elements[${i}]: duplicate action_id ${e.action_id}`);
    ids.add(e.action_id);
    checkElement(problems, `${path}.elements[${i}]`, e);
  });
}

function checkBlocks(problems: Problems, blocks: readonly Block[], limit: number): void {
  if (blocks.length > limit) problems.push(`blocks: ${blocks.length}, limit ${limit}`);
  const ids = new Set<string>();
  blocks.forEach((block, i) => {
    if (block.block_id !== undefined) {
      if (ids.has(block.block_id)) problems.push(`blocks[${i}]: duplicate block_id ${block.block_id}`);
      ids.add(block.block_id);
    }
    checkBlock(problems, `blocks[${i}]`, block);
  });
}

export type Surface =
  | { kind: 'message'; body: MessageBody }
  | { kind: 'modal'; view: ModalView }
  | { kind: 'home'; view: HomeView };

/** Every limit the surface breaks, as readable paths; empty when Slack would accept it. */
export function blockKitProblems(surface: Surface): string[] {
  const problems: Problems = [];
  if (surface.kind === 'message') {
    max(problems, 'text', surface.body.text, LIMITS.messageText);
    checkBlocks(problems, surface.body.blocks, LIMITS.messageBlocks);
    return problems;
  }
  checkBlocks(problems, surface.view.blocks, LIMITS.viewBlocks);
  if (surface.kind === 'modal') {
    const view = surface.view;
    max(problems, 'title', view.title.text, LIMITS.modalTitle);
    max(problems, 'submit', view.submit?.text, LIMITS.modalButton);
    max(problems, 'close', view.close?.text, LIMITS.modalButton);
    max(problems, 'callback_id', view.callback_id, LIMITS.id);
    max(problems, 'private_metadata', view.private_metadata, LIMITS.privateMetadata);
  }
  return problems;
}

/** Throws listing every broken limit: tests call it on everything the builders produce. */
export function assertWithinLimits(surface: Surface): void {
  const problems = blockKitProblems(surface);
  if (problems.length > 0) throw new Error(`Block Kit limits exceeded:\n${problems.join('\n')}`);
}
