// The bundled face first, so every desktop draws the same glyphs; system fonts only fill gaps.
export const FONT_STACK =
  '"Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Loads the console's face for `text`. The face comes in unicode-range slices that the browser
 * fetches for the characters a page lays out; a canvas (the ECharts charts) lays out nothing, so
 * its characters are asked for here, and the chart is drawn again once they are in.
 */
export function loadFontFor(text: string): Promise<void> {
  const fonts = (globalThis as { document?: { fonts?: { load(font: string, text: string): Promise<unknown> } } }).document?.fonts;
  if (!fonts) return Promise.resolve();
  return fonts.load('14px "Noto Sans SC"', text).then(
    () => undefined,
    () => undefined, // no face to load: the system fonts of the stack draw it
  );
}
