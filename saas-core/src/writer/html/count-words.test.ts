import { countWords } from './count-words';

describe('countWords', () => {
  it.each([
    ['', 0],
    ['<p></p>', 0],
    ['Hello world', 2],
    ['<p>Hello <strong>wo</strong>rld</p>', 2],
    ['<p>one</p><p>two</p><ul><li>three</li><li>four</li></ul>', 4],
    ['line<br>break', 2],
    ['<h2>Title</h2>Body text here', 4],
    ['Tom&amp;Jerry &nbsp; caf&eacute; na&iuml;ve', 4],
    ["it's a well-known e-mail", 4],
    ['<p>Price: 3.50 euros, 100% sure!</p>', 5],
    ['<script>var hidden = "words";</script><style>p { color: red }</style><p>visible</p>', 1],
    ['<img src="/a.png" alt="alt text is not visible"> caption', 1],
    ['😀 🎉 — … ·', 0],
    ['שלום עולם', 2],
    ['مرحبا بكم في الدليل', 4],
  ])('%s -> %d', (html, expected) => {
    expect(countWords(html)).toBe(expected);
  });

  it('counts CJK text by ICU word segmentation (approximate)', () => {
    const n = countWords('<p>你好世界，今天天气很好。</p>');
    expect(n).toBeGreaterThanOrEqual(4);
    expect(n).toBeLessThanOrEqual(8);
    expect(countWords('こんにちは世界')).toBeGreaterThanOrEqual(2);
  });
});
