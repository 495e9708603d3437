import sanitize from 'sanitize-html';

/** Article markup we keep; everything else is dropped (its text kept, except for NON_TEXT_TAGS). */
const ALLOWED_TAGS = [
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'cite', 'pre', 'code', 'div', 'span', 'abbr'],
  ...['strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'sub', 'sup', 'mark'],
  ...['ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'figure', 'figcaption', 'img', 'a'],
];

const ALLOWED_ATTRIBUTES: sanitize.IOptions['allowedAttributes'] = {
  a: ['href', 'title', 'rel', 'target'],
  img: ['src', 'alt', 'width', 'height', 'loading'],
  ol: ['start', 'reversed'],
  th: ['colspan', 'rowspan', 'scope'],
  td: ['colspan', 'rowspan'],
  blockquote: ['cite'],
  abbr: ['title'],
};

/**
 * Disallowed tags whose content is dropped too: raw-text elements (their content is markup, not prose) and
 * foreign/embedding content (svg/math are the usual mutation-XSS carriers).
 */
const NON_TEXT_TAGS = [
  ...['script', 'style', 'textarea', 'option', 'select', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext'],
  ...['title', 'head', 'template', 'object', 'embed', 'applet', 'svg', 'math', 'form', 'frameset', 'frame', 'button'],
];

const NUMERIC = /^\d{1,5}$/;
const SCOPES = new Set(['row', 'col', 'rowgroup', 'colgroup']);

/** Script-capable schemes anywhere in a URL, once the whitespace and control characters browsers ignore are gone. */
const SUSPICIOUS_URL = /(?:java|vb)script:|data:/i;

/**
 * Defence in depth on top of sanitize-html's scheme allowlist (which only looks at the start): a URL that mentions
 * a script scheme anywhere (`\`javascript:…\``, "x javascript:…") is dropped rather than trusted to stay relative.
 */
function dropSuspiciousUrls(attribs: sanitize.Attributes, names: string[]): void {
  for (const name of names) {
    const value = attribs[name];
    if (value === undefined) continue;
    const squeezed = [...value].filter((c) => c.charCodeAt(0) > 0x20).join('');
    if (SUSPICIOUS_URL.test(squeezed)) delete attribs[name];
  }
}

/** Keeps a numeric attribute only when it really is a small number (width="100%" etc. are dropped). */
function keepNumeric(attribs: sanitize.Attributes, names: string[]): void {
  for (const name of names) if (attribs[name] !== undefined && !NUMERIC.test(attribs[name].trim())) delete attribs[name];
}

/** Only target=_blank survives, and it always carries rel="noopener noreferrer" (reverse tabnabbing). */
function transformLink(tagName: string, attribs: sanitize.Attributes): sanitize.Tag {
  const out = { ...attribs };
  dropSuspiciousUrls(out, ['href']);
  const target = out.target?.trim().toLowerCase();
  if (target === '_blank') {
    const rel = new Set((out.rel ?? '').toLowerCase().split(/\s+/).filter(Boolean));
    rel.add('noopener');
    rel.add('noreferrer');
    // Set in place: the attributes keep their order, so sanitising sanitised HTML again changes nothing.
    out.target = '_blank';
    out.rel = [...rel].join(' ');
  } else {
    delete out.target;
  }
  return { tagName, attribs: out };
}

function transformImage(tagName: string, attribs: sanitize.Attributes): sanitize.Tag {
  const out = { ...attribs };
  dropSuspiciousUrls(out, ['src']);
  keepNumeric(out, ['width', 'height']);
  if (out.loading !== undefined && !['lazy', 'eager'].includes(out.loading.toLowerCase())) delete out.loading;
  return { tagName, attribs: out };
}

function transformQuote(tagName: string, attribs: sanitize.Attributes): sanitize.Tag {
  const out = { ...attribs };
  dropSuspiciousUrls(out, ['cite']);
  return { tagName, attribs: out };
}

function transformCell(tagName: string, attribs: sanitize.Attributes): sanitize.Tag {
  const out = { ...attribs };
  keepNumeric(out, ['colspan', 'rowspan']);
  if (out.scope !== undefined && !SCOPES.has(out.scope.toLowerCase())) delete out.scope;
  return { tagName, attribs: out };
}

function transformOrderedList(tagName: string, attribs: sanitize.Attributes): sanitize.Tag {
  const out = { ...attribs };
  if (out.start !== undefined && !/^-?\d{1,6}$/.test(out.start.trim())) delete out.start;
  if (out.reversed !== undefined) out.reversed = '';
  return { tagName, attribs: out };
}

const OPTIONS: sanitize.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ALLOWED_ATTRIBUTES,
  // No data:, javascript:, vbscript:, file: ... ; relative URLs have no scheme and pass.
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: true,
  allowedStyles: {},
  allowVulnerableTags: false,
  disallowedTagsMode: 'discard',
  nonTextTags: NON_TEXT_TAGS,
  selfClosing: ['img', 'br', 'hr'],
  transformTags: {
    a: transformLink,
    img: transformImage,
    th: transformCell,
    td: transformCell,
    ol: transformOrderedList,
    blockquote: transformQuote,
  },
  // An <img> without a usable src (it was javascript:, data:, ...) is just noise.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

/** Allowlist sanitiser run on every content write: keeps article markup, drops scripts, handlers, styles and unsafe URLs. */
export function sanitizeHtml(html: string): string {
  // NUL bytes are dropped by browsers inside tag names and schemes ("java\0script:"); drop them first.
  return sanitize(html.replace(/\0/g, ''), OPTIONS);
}
