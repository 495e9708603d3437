/** Block comment serialisation, byte-for-byte as WordPress's serialize_block() / the editor's serializer write it. */

export type BlockAttributes = Record<string, string | number | boolean>;

/**
 * JSON for a block comment, as serialize_block_attributes() encodes it: json_encode with unescaped slashes and
 * unicode, then `--`, `<`, `>`, `&` and escaped quotes turned into \u escapes so the JSON can never end the comment.
 * PHP also escapes U+2028/U+2029 (no JSON_UNESCAPED_LINE_TERMINATORS), JSON.stringify does not.
 */
export function serializeBlockAttributes(attrs: BlockAttributes): string {
  return JSON.stringify(attrs)
    .replace(/--/g, '\\u002d\\u002d')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\\"/g, '\\u0022')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** `<!-- wp:name {attrs} -->\n…\n<!-- /wp:name -->`; the core/ namespace is left out, as core does. */
export function blockMarkup(name: string, content: string, attrs: BlockAttributes = {}): string {
  const shortName = name.startsWith('core/') ? name.slice('core/'.length) : name;
  const json = Object.keys(attrs).length > 0 ? `${serializeBlockAttributes(attrs)} ` : '';
  return `<!-- wp:${shortName} ${json}-->\n${content}\n<!-- /wp:${shortName} -->`;
}

/** Sibling blocks (top level or inner blocks) are separated by a blank line, as the editor writes them. */
export function joinBlocks(blocks: string[]): string {
  return blocks.join('\n\n');
}
