/**
 * One parsed TrueType font per process, shared by every pdfkit document.
 *
 * pdfkit's `registerFont(name, bytes)` hands the bytes to `fontkit.create` on each document's first
 * `font(name)`, so every document decoded cmap, GSUB, GPOS, hmtx… of a ~750 kB DejaVu file from cold
 * and shaped every word again: ~90% of rendering CPU (≈ 450 ms per invoice + CN23 against ≈ 30 ms
 * with Helvetica). pdfkit 0.17 has no public way to pass a parsed font, so this adapter does what
 * `PDFFontFactory.open` does, with a parsed one:
 * - the fontkit font and pdfkit's `EmbeddedFont` class come from one bootstrap `doc.font(bytes)`
 *   (pdfkit's own fontkit, so no second copy of fontkit is involved);
 * - each document gets `new EmbeddedFont(doc, parsed, id)` placed in `doc._fontFamilies` on its first
 *   `font(name)`, with the id pdfkit itself would give it (`F${++_fontCount}`); subset, widths and
 *   ToUnicode map stay per document, in that object;
 * - shaped words (pdfkit's per-document `layoutCache`) are shared too.
 *
 * Same input, same bytes, whatever the process rendered before: fontkit caches one glyph object per
 * glyph id, remembering the code points it was FIRST reached from, and pdfkit writes those into the
 * ToUnicode map — shared, that would leak one document's text into another's map (NFC vs NFD "ộ",
 * Kelvin sign vs K). So `getGlyph` is keyed by (glyph id, code points): each glyph object, and so each
 * shaped word, is a pure function of its input, and pdfkit records per document the first occurrence.
 */
import PDFDocument from "pdfkit";

/** What this adapter uses of pdfkit 0.17 and fontkit 2 internals (checked at runtime, see `parseOnce`). */
interface FontkitGlyph {
  _decode(): unknown;
}
interface FontkitFont {
  _glyphs: object;
  _variationProcessor?: unknown;
  postscriptName: string;
  getGlyph(id: number, codePoints?: number[]): FontkitGlyph;
}
interface EmbeddedFont {
  font: FontkitFont;
  layoutCache?: Record<string, unknown>;
}
interface PdfkitInternals {
  _font: EmbeddedFont & { constructor: new (doc: PDFKit.PDFDocument, font: FontkitFont, id: string) => EmbeddedFont };
  _fontFamilies: Record<string, EmbeddedFont | undefined>;
  _fontCount: number;
}
const internals = (doc: PDFKit.PDFDocument) => doc as unknown as PdfkitInternals;

interface SharedFont {
  parsed: FontkitFont;
  EmbeddedFont: PdfkitInternals["_font"]["constructor"];
  /** Shaped words, as pdfkit's layoutCache holds them; replaced now and then to bound memory. */
  layouts: { cache: Record<string, unknown>; documents: number };
}
/** Documents per shaped-word cache: each adds its new words (names, addresses) to it. */
const LAYOUT_CACHE_DOCUMENTS = 500;

const shared = new Map<Buffer, SharedFont | null>();

/** Parses `bytes` once per process; null when pdfkit or fontkit do not look as described above. */
function parseOnce(bytes: Buffer): SharedFont | null {
  if (shared.has(bytes)) return shared.get(bytes)!;
  const boot = internals(new PDFDocument({ autoFirstPage: false }).font(bytes));
  const parsed = boot._font?.font;
  const usable = typeof boot._fontCount === "number" && typeof boot._fontFamilies === "object" && typeof parsed?.getGlyph === "function" && typeof parsed._glyphs === "object";
  const font = usable ? { parsed, EmbeddedFont: boot._font.constructor, layouts: { cache: Object.create(null) as Record<string, unknown>, documents: 0 } } : null;
  if (font) keyGlyphsByCodePoints(parsed);
  shared.set(bytes, font);
  return font;
}

/** Replaces fontkit's glyph-id cache with one keyed by (id, code points); see the module comment. */
function keyGlyphsByCodePoints(font: FontkitFont): void {
  const byKey = new Map<string, FontkitGlyph>();
  const getGlyph = font.getGlyph.bind(font);
  const glyphs = font._glyphs as Record<number, FontkitGlyph | undefined>;
  font.getGlyph = (id, codePoints = []) => {
    const key = `${id}:${codePoints.join(",")}`;
    let glyph = byKey.get(key);
    if (!glyph) {
      delete glyphs[id]; // so fontkit builds a new glyph with these code points
      glyph = getGlyph(id, codePoints);
      delete glyphs[id];
      // The subsetter decodes each glyph's outline per document only to find composite glyphs; the
      // outline of a static font never changes, so decode it once.
      if (!font._variationProcessor) {
        const decode = glyph._decode.bind(glyph);
        let outline: unknown, done = false;
        glyph._decode = () => (done ? outline : ((done = true), (outline = decode())));
      }
      byKey.set(key, glyph);
    }
    return glyph;
  };
}

/**
 * Registers `bytes` under `name` on `doc` like `doc.registerFont(name, bytes)`, but backed by the
 * process-wide parsed font. Falls back to plain `registerFont` if pdfkit's internals have changed.
 */
export function registerSharedFont(doc: PDFKit.PDFDocument, name: string, bytes: Buffer): void {
  const font = parseOnce(bytes);
  if (!font) {
    doc.registerFont(name, bytes);
    return;
  }
  const original = doc.font.bind(doc) as (...a: unknown[]) => PDFKit.PDFDocument;
  const d = internals(doc);
  // Only `font(name)` is intercepted, and only until the font exists; pdfkit then finds it by name.
  doc.font = ((src: unknown, ...rest: unknown[]) => {
    if (src === name && !(name in d._fontFamilies)) {
      const id = `F${++d._fontCount}`;
      // As pdfkit does: a second name for the same font (no bold file) reuses the embedded one.
      const same = d._fontFamilies[font.parsed.postscriptName];
      const embedded = same?.font === font.parsed ? same : new font.EmbeddedFont(doc, font.parsed, id);
      if (embedded !== same && embedded.layoutCache) {
        if (++font.layouts.documents > LAYOUT_CACHE_DOCUMENTS) font.layouts = { cache: Object.create(null) as Record<string, unknown>, documents: 1 };
        embedded.layoutCache = font.layouts.cache;
      }
      d._fontFamilies[name] = embedded;
      d._fontFamilies[font.parsed.postscriptName] = embedded;
    }
    return original(src, ...rest);
  }) as typeof doc.font;
}
