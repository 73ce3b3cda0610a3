/**
 * Test helpers for image code (`@pipeline/image-core/testing`): generated, named fixtures and
 * perceptual assertions. Nothing here downloads anything; it needs only sharp.
 */
export {
  BODY_COLOUR,
  FRAME_COLOURS,
  MARK_COLOUR,
  animatedGif,
  animatedWebp,
  cmykJpeg,
  emptyInput,
  greyscaleJpeg,
  jpegWithExifOrientation6,
  jpegWithGpsExif,
  jpegWithIccProfile,
  markedImage,
  pdfDocument,
  png16WithAlpha,
  pngClaiming50000x50000,
  pngWithAlpha,
  randomBytes,
  smallJpeg,
  svgImage,
  textFile,
  truncatedJpeg,
} from './fixtures.js';
export { colourDistance, cornerColour, describeImage, meanColour, perceptualDistance } from './perceptual.js';
export type { Corner, Rgb } from './perceptual.js';
export { photoLikeJpeg, photoLikeRaw } from './photo.js';
export type { PhotoLikeJpegOptions, PhotoLikeOptions } from './photo.js';
