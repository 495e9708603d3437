import { blockMarkup, serializeBlockAttributes } from './block-markup';
import { htmlToBlocks } from './blocks';

const p = (html: string) => blockMarkup('core/paragraph', `<p>${html}</p>`);

describe('serializeBlockAttributes', () => {
  it('escapes like serialize_block_attributes()', () => {
    expect(serializeBlockAttributes({ level: 3 })).toBe('{"level":3}');
    expect(serializeBlockAttributes({ a: '--> <b> & "q" /x é' })).toBe('{"a":"\\u002d\\u002d\\u003e \\u003cb\\u003e \\u0026 \\u0022q\\u0022 /x é"}');
    expect(serializeBlockAttributes({ s: 'line\u2028sep' })).toBe('{"s":"line\\u2028sep"}');
  });
});

describe('htmlToBlocks', () => {
  it('converts headings, omitting level 2 as core does', () => {
    expect(htmlToBlocks('<h2>Two</h2><h3>Three</h3><h1>One</h1>')).toBe(
      [
        '<!-- wp:heading -->\n<h2>Two</h2>\n<!-- /wp:heading -->',
        '<!-- wp:heading {"level":3} -->\n<h3>Three</h3>\n<!-- /wp:heading -->',
        '<!-- wp:heading {"level":1} -->\n<h1>One</h1>\n<!-- /wp:heading -->',
      ].join('\n\n'),
    );
  });

  it('converts paragraphs and drops empty ones', () => {
    expect(htmlToBlocks('<p>Hello <strong>world</strong></p><p></p><p> &nbsp; </p><p><br></p>')).toBe(p('Hello <strong>world</strong>'));
    expect(htmlToBlocks('<p>58&nbsp;mm\n   wide</p>')).toBe(p('58\u00a0mm wide'));
  });

  it('wraps stray text and inline elements into paragraphs, splitting at double <br>', () => {
    expect(htmlToBlocks('Bare <em>text</em><br><br>second<br>line<h2>H</h2>after')).toBe(
      [p('Bare <em>text</em>'), p('second<br>line'), '<!-- wp:heading -->\n<h2>H</h2>\n<!-- /wp:heading -->', p('after')].join('\n\n'),
    );
  });

  it('unwraps div wrappers and inline wrappers around blocks', () => {
    expect(htmlToBlocks('<div><div><p>a</p></div><span><p>b</p></span>c</div>')).toBe([p('a'), p('b'), p('c')].join('\n\n'));
  });

  it('converts lists to core/list with core/list-item inner blocks, nested lists inside their item', () => {
    expect(htmlToBlocks('<ul><li>One<ul><li>a</li></ul></li><li><p>x</p><p>y</p></li><li></li></ul>')).toBe(
      '<!-- wp:list -->\n<ul><!-- wp:list-item -->\n<li>One<!-- wp:list -->\n<ul><!-- wp:list-item -->\n<li>a</li>\n<!-- /wp:list-item --></ul>\n<!-- /wp:list --></li>\n<!-- /wp:list-item -->\n\n' +
        '<!-- wp:list-item -->\n<li>x<br>y</li>\n<!-- /wp:list-item --></ul>\n<!-- /wp:list -->',
    );
  });

  it('keeps ordered, start and reversed on ordered lists', () => {
    expect(htmlToBlocks('<ol start="3" reversed><li>c</li></ol>')).toBe(
      '<!-- wp:list {"ordered":true,"start":3,"reversed":true} -->\n<ol reversed start="3"><!-- wp:list-item -->\n<li>c</li>\n<!-- /wp:list-item --></ol>\n<!-- /wp:list -->',
    );
    expect(htmlToBlocks('<ul></ul><ol><li> </li></ol>')).toBe('');
  });

  it('converts tables to core/table in a wp-block-table figure, caption as figcaption', () => {
    expect(htmlToBlocks('<table><caption>Cap</caption><tr><th scope="col">A</th></tr><tr><td><p>1</p></td></tr></table>')).toBe(
      '<!-- wp:table {"hasFixedLayout":false} -->\n<figure class="wp-block-table"><table><tbody><tr><th scope="col">A</th></tr><tr><td>1</td></tr></tbody></table>' +
        '<figcaption class="wp-element-caption">Cap</figcaption></figure>\n<!-- /wp:table -->',
    );
  });

  it('keeps tables with colspan/rowspan exactly, as core/html (WordPress 6.1 tables cannot store them)', () => {
    expect(htmlToBlocks('<table><thead><tr><th colspan="2">AB</th></tr></thead></table>')).toBe(
      '<!-- wp:html -->\n<table><thead><tr><th colspan="2">AB</th></tr></thead></table>\n<!-- /wp:html -->',
    );
  });

  it('converts images, linked images and figures with captions to core/image', () => {
    const image = (inner: string) => blockMarkup('core/image', `<figure class="wp-block-image">${inner}</figure>`);
    expect(htmlToBlocks('<img src="/a.png" alt="A" width="10">')).toBe(image('<img src="/a.png" alt="A"/>'));
    expect(htmlToBlocks('<p><a href="/big.png"><img src="/a.png"></a></p>')).toBe(image('<a href="/big.png"><img src="/a.png" alt=""/></a>'));
    expect(htmlToBlocks('<figure><img src="/a.png" alt="A"><figcaption>Cap <em>x</em></figcaption></figure>')).toBe(
      image('<img src="/a.png" alt="A"/><figcaption class="wp-element-caption">Cap <em>x</em></figcaption>'),
    );
    expect(htmlToBlocks('<p>inline <img src="/i.png" alt="i"> image</p>')).toBe(p('inline <img src="/i.png" alt="i"/> image'));
  });

  it('converts blockquotes to core/quote with inner paragraphs and the citation', () => {
    expect(htmlToBlocks('<blockquote>Said<cite>Ann</cite></blockquote>')).toBe(
      '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><!-- wp:paragraph -->\n<p>Said</p>\n<!-- /wp:paragraph --><cite>Ann</cite></blockquote>\n<!-- /wp:quote -->',
    );
    expect(htmlToBlocks('<blockquote><p>Said</p><p>— <cite>Bob</cite></p></blockquote>')).toContain('<cite>Bob</cite></blockquote>');
  });

  it('converts hr, code and preformatted', () => {
    expect(htmlToBlocks('<hr>')).toBe('<!-- wp:separator -->\n<hr class="wp-block-separator has-alpha-channel-opacity"/>\n<!-- /wp:separator -->');
    expect(htmlToBlocks('<pre><code>a &lt; b [x]\n  indented</code></pre>')).toBe(
      '<!-- wp:code -->\n<pre class="wp-block-code"><code>a &lt; b &#91;x]\n  indented</code></pre>\n<!-- /wp:code -->',
    );
    expect(htmlToBlocks('<pre>col1   col2</pre>')).toBe(
      '<!-- wp:preformatted -->\n<pre class="wp-block-preformatted">col1   col2</pre>\n<!-- /wp:preformatted -->',
    );
  });

  it('sanitises before converting', () => {
    const out = htmlToBlocks('<p onclick="x()">Hi<script>alert(1)</script></p><iframe src="https://e.example"></iframe>');
    expect(out).toBe(p('Hi'));
  });

  it('never leaves text outside a block', () => {
    const out = htmlToBlocks('text <b>bold</b><div>div text<ul><li>i</li></ul>tail</div>end');
    const outside = out.replace(/<!-- wp:(\S+)[^]*?<!-- \/wp:\1 -->/g, '').trim();
    expect(outside).toBe('');
  });
});
