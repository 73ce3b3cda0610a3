/**
 * Just enough ICC parsing to tell whether an embedded profile is sRGB, so the colour
 * conversion (up to 3x the cost of a JPEG resize) runs only when it changes the pixels.
 */

const HEADER_SIZE = 128;
const TAG_ENTRY_SIZE = 12;

const ascii = (view: DataView, offset: number, length: number): string => {
  let text = '';
  for (let index = 0; index < length && offset + index < view.byteLength; index += 1) {
    text += String.fromCharCode(view.getUint8(offset + index));
  }
  return text;
};

/** Text of a `desc` (ICC v2 textDescriptionType) or `mluc` (ICC v4) tag. */
function tagText(view: DataView, offset: number, size: number): string {
  const end = Math.min(view.byteLength, offset + size);
  if (offset + 16 > end) return '';
  const type = ascii(view, offset, 4);
  if (type === 'desc')
    return ascii(view, offset + 12, Math.min(view.getUint32(offset + 8), end - offset - 12));
  if (type !== 'mluc') return '';
  const recordCount = view.getUint32(offset + 8);
  let text = '';
  for (let record = 0; record < recordCount && offset + 16 + record * 12 + 12 <= end; record += 1) {
    const length = view.getUint32(offset + 16 + record * 12 + 4);
    const start = offset + view.getUint32(offset + 16 + record * 12 + 8);
    for (let index = start; index + 1 < Math.min(end, start + length); index += 2) {
      text += String.fromCharCode(view.getUint16(index));
    }
  }
  return text;
}

/** The profile's description, or '' when it cannot be read. */
function iccDescription(profile: Uint8Array): string {
  const view = new DataView(profile.buffer, profile.byteOffset, profile.byteLength);
  if (view.byteLength < HEADER_SIZE + 4) return '';
  const tagCount = view.getUint32(HEADER_SIZE);
  for (let tag = 0; tag < tagCount; tag += 1) {
    const entry = HEADER_SIZE + 4 + tag * TAG_ENTRY_SIZE;
    if (entry + TAG_ENTRY_SIZE > view.byteLength) return '';
    if (ascii(view, entry, 4) === 'desc')
      return tagText(view, view.getUint32(entry + 4), view.getUint32(entry + 8));
  }
  return '';
}

/**
 * True when an ICC profile describes sRGB (an RGB profile whose description names sRGB,
 * e.g. "sRGB IEC61966-2.1" or libvips' "sRGB built-in"). Converting from such a profile to
 * sRGB changes nothing visible, so it can be skipped.
 *
 * @example
 * isSrgbProfile(metadata.icc); // true for most camera and web JPEGs
 */
export function isSrgbProfile(profile: Uint8Array | undefined): boolean {
  if (profile === undefined || profile.byteLength < HEADER_SIZE) return false;
  const view = new DataView(profile.buffer, profile.byteOffset, profile.byteLength);
  if (ascii(view, 16, 4) !== 'RGB ') return false;
  return /srgb/i.test(iccDescription(profile));
}
