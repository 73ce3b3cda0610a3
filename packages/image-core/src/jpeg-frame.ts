/**
 * The coding process of a JPEG, read from its start-of-frame (SOFn) marker in the header bytes.
 *
 * Lossless JPEG (SOF3, SOF7, SOF11, SOF15) has no DCT, so libjpeg cannot scale it while decoding;
 * libvips still asks for shrink-on-load and then reads a full-size decode as if it were shrunk,
 * which yields a blurry zoom of the top-left part of the picture. Inputs detected here are
 * decoded at full size instead (see `input.ts`).
 */
export type JpegProcess = 'baseline' | 'extended' | 'progressive' | 'lossless';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const TEM = 0x01;
const RST0 = 0xd0;
const RST7 = 0xd7;
// Among 0xc0-0xcf, these three are not frames: DHT, JPG (reserved), DAC.
const NOT_FRAMES: ReadonlySet<number> = new Set([0xc4, 0xc8, 0xcc]);

function processOf(marker: number): JpegProcess {
  // SOF0-3, SOF5-7 (differential), SOF9-11 and SOF13-15 (arithmetic): the low two bits say the process.
  const process = marker & 0x03;
  if (process === 3) return 'lossless';
  if (process === 2) return 'progressive';
  return marker === 0xc0 ? 'baseline' : 'extended';
}

const isFrame = (marker: number): boolean => marker >= 0xc0 && marker <= 0xcf && !NOT_FRAMES.has(marker);
const standsAlone = (marker: number): boolean => marker === TEM || (marker >= RST0 && marker <= RST7);

/**
 * Walks the JPEG's marker segments from SOI to the first SOFn and reports its coding process;
 * `undefined` when the bytes are not a JPEG or end (or scan data starts) before any frame.
 * Reads the header only: the walk stops at the frame marker.
 */
export function jpegProcess(bytes: Uint8Array): JpegProcess | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return undefined;
  let offset = 2;
  while (offset + 1 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte before a marker
      continue;
    }
    if (isFrame(marker)) return processOf(marker);
    if (marker === SOS || marker === EOI) return undefined;
    if (standsAlone(marker)) {
      offset += 2;
      continue;
    }
    if (offset + 3 >= bytes.length) return undefined;
    const length = ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0);
    if (length < 2) return undefined;
    offset += 2 + length;
  }
  return undefined;
}
