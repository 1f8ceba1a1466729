import { type Block, type Inline, type ListItem, parseMarkdown } from './markdown.js';

/** Markdown → Slack mrkdwn. `&`, `<` and `>` are escaped so text can never become a mention or link. */
export function renderSopForSlack(markdown: string): string {
  return parseMarkdown(markdown).map(slackBlock).join('\n\n');
}

function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function slackInline(nodes: readonly Inline[]): string {
  return nodes.map(slackNode).join('');
}

function slackNode(node: Inline): string {
  switch (node.kind) {
    case 'text':
      return slackEscape(node.text);
    case 'code':
      return `\`${slackEscape(node.text.replace(/`/g, "'"))}\``;
    case 'strong':
      return `*${slackInline(node.children)}*`;
    case 'em':
      return `_${slackInline(node.children)}_`;
    case 'link': {
      const label = slackInline(node.children).replace(/\|/g, '¦');
      return node.href === null ? label : `<${slackEscape(node.href).replace(/\|/g, '%7C')}|${label}>`;
    }
  }
}

function slackBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `*${slackInline(block.content)}*`;
    case 'paragraph':
      return slackInline(block.content);
    case 'quote':
      return `> ${slackInline(block.content)}`;
    case 'code':
      return `\`\`\`\n${slackEscape(block.text.replace(/```/g, "'''"))}\n\`\`\``;
    case 'rule':
      return '———';
    case 'list':
      return listLines(
        block.ordered,
        block.items,
        (item, marker) => `${'    '.repeat(item.depth)}${marker} ${slackInline(item.content)}`,
      );
  }
}

function listLines(
  ordered: boolean,
  items: readonly ListItem[],
  line: (item: ListItem, marker: string) => string,
): string {
  let n = 0;
  return items
    .map((item) => {
      if (item.depth === 0) n++;
      const marker =
        item.checked === true
          ? '☑'
          : item.checked === false
            ? '☐'
            : ordered && item.depth === 0
              ? `${n}.`
              : '•';
      return line(item, marker);
    })
    .join('\n');
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * Markdown → HTML for the sidebar. Every text is escaped and the only elements are the ones
 * built here; links are http(s)/mailto only (see `safeUrl`) and open in a new tab without opener.
 */
export function renderSopHtml(markdown: string): string {
  return parseMarkdown(markdown).map(htmlBlock).join('\n');
}

function htmlInline(nodes: readonly Inline[]): string {
  return nodes.map(htmlNode).join('');
}

function htmlNode(node: Inline): string {
  switch (node.kind) {
    case 'text':
      return escapeHtml(node.text);
    case 'code':
      return `<code>${escapeHtml(node.text)}</code>`;
    case 'strong':
      return `<strong>${htmlInline(node.children)}</strong>`;
    case 'em':
      return `<em>${htmlInline(node.children)}</em>`;
    case 'link':
      return node.href === null
        ? htmlInline(node.children)
        : `<a href="${escapeHtml(node.href)}" target="_blank" rel="noopener noreferrer">${htmlInline(node.children)}</a>`;
  }
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${htmlInline(block.content)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${htmlInline(block.content)}</p>`;
    case 'quote':
      return `<blockquote>${htmlInline(block.content)}</blockquote>`;
    case 'code':
      return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
    case 'rule':
      return '<hr>';
    case 'list':
      return htmlList(block.ordered, block.items);
  }
}

/** Nested items are indented by a class rather than nested lists: simpler and just as readable. */
function htmlList(ordered: boolean, items: readonly ListItem[]): string {
  const tag = ordered ? 'ol' : 'ul';
  const lis = items.map((item) => {
    const box =
      item.checked === null ? '' : `<input type="checkbox" disabled${item.checked ? ' checked' : ''}> `;
    const depth = item.depth > 0 ? ` class="depth-${Math.min(item.depth, 4)}"` : '';
    return `<li${depth}>${box}${htmlInline(item.content)}</li>`;
  });
  return `<${tag}>${lis.join('')}</${tag}>`;
}
