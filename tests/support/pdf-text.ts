import { inflateSync } from 'node:zlib';

/**
 * The text a PDF viewer would copy out of a PDF that pdfkit wrote: every shown string of every
 * content stream, decoded through the ToUnicode CMap of the font in use. Small on purpose (no
 * PDF library): it reads what pdfkit writes — indirect objects, FlateDecode streams, Type0 fonts
 * with 2-byte codes — and nothing else. Also says which fonts embed their font program.
 */
export function pdfText(pdf: Buffer): { text: string; embeddedFonts: number; fonts: number } {
  const source = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream?: Buffer }>();
  for (const match of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = match[2]!;
    const at = body.indexOf('stream');
    if (at < 0) {
      objects.set(Number(match[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, at);
    const raw = Buffer.from(
      body
        .slice(at + 'stream'.length)
        .replace(/^\r?\n/, '')
        .replace(/\r?\nendstream\s*$/, ''),
      'latin1',
    );
    objects.set(Number(match[1]), { dict, stream: dict.includes('/FlateDecode') ? inflateSync(raw) : raw });
  }
  const ref = (dict: string, key: string) => {
    const found = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
    return found ? Number(found[1]) : undefined;
  };
  // Resource name (F1) → the font object's ToUnicode map.
  const cmaps = new Map<string, Map<number, string>>();
  let fonts = 0;
  let embeddedFonts = 0;
  for (const { dict } of objects.values()) {
    for (const entry of dict.matchAll(/\/(F\d+)\s+(\d+) 0 R/g)) {
      const font = objects.get(Number(entry[2]));
      const toUnicode = font && ref(font.dict, 'ToUnicode');
      if (toUnicode !== undefined) cmaps.set(entry[1]!, parseCMap(objects.get(toUnicode)!.stream!.toString('latin1')));
    }
    if (/\/Type\s*\/FontDescriptor/.test(dict)) {
      fonts += 1;
      if (/\/FontFile[23]?\s+\d+ 0 R/.test(dict)) embeddedFonts += 1;
    }
  }
  let text = '';
  for (const { dict, stream } of objects.values()) {
    if (!stream || /\/(Type|Subtype|Length1)\b/.test(dict.replace(/\/Length\s+\d+|\/Filter\s*\/FlateDecode/g, ''))) continue;
    const content = stream.toString('latin1');
    if (!/T[Jj]/.test(content)) continue;
    let cmap: Map<number, string> | undefined;
    for (const token of content.matchAll(/\/(F\d+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]+)>/g)) {
      if (token[1]) cmap = cmaps.get(token[1]);
      else if (token[2] && cmap)
        for (let i = 0; i + 4 <= token[2].length; i += 4) text += cmap.get(parseInt(token[2].slice(i, i + 4), 16)) ?? '';
    }
  }
  return { text, embeddedFonts, fonts };
}

function parseCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((unit) => parseInt(unit, 16)));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const pair of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(pair[1]!, 16), utf16(pair[2]!));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const range of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const low = parseInt(range[1]!, 16);
      const high = parseInt(range[2]!, 16);
      const targets = [...range[3]!.matchAll(/<([0-9a-fA-F]+)>/g)].map((t) => t[1]!);
      for (let code = low; code <= high; code++) {
        if (range[3]!.startsWith('[')) map.set(code, utf16(targets[code - low] ?? ''));
        else {
          const first = parseInt(targets[0]!.slice(-4), 16) + (code - low);
          map.set(code, utf16(targets[0]!.slice(0, -4)) + String.fromCharCode(first));
        }
      }
    }
  }
  return map;
}
