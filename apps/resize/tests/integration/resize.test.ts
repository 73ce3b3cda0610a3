import { createHash } from 'node:crypto';
import { countByKind } from '@pipeline/lambda-kit';
import { cleanupTestBuckets, s3Event, s3EventRecord } from '@pipeline/testing';
import sharp from 'sharp';
import { VARIANT_CACHE_CONTROL } from '../../src/variants.js';
import { linesAbout, resizeHarness, type ResizeHarness } from '../support/harness.js';
import { describeImage, jpegWithGpsExif, photoLikeJpeg } from '@pipeline/image-core/testing';
import {
  halfTransparentPng,
  quadrantDistances,
  quadrantJpeg,
  quadrantJpegWithOrientation6,
} from '../support/images.js';
import { listKeys, readOutput, upload } from '../support/s3.js';

let h: ResizeHarness;

beforeAll(async () => {
  h = await resizeHarness();
});

afterAll(() => cleanupTestBuckets());

/** Asserts the four quadrants sit where they are upright: orientation and colour survived. */
async function expectQuadrantsInPlace(image: Buffer): Promise<void> {
  const distances = await quadrantDistances(image);
  // JPEG moves a flat colour by a few levels; a misplaced quadrant is 150+ away.
  expect(Math.max(...Object.values(distances))).toBeLessThan(30);
}

async function expectVariant(
  key: string,
  expected: { width: number; height: number; format: string; contentType: string },
) {
  const output = await readOutput(h.s3, h.destination, key);
  const image = await describeImage(output.body);
  expect({ width: image.width, height: image.height, format: image.format }).toEqual({
    width: expected.width,
    height: expected.height,
    format: expected.format,
  });
  expect(output.contentType).toBe(expected.contentType);
  expect(output.cacheControl).toBe(VARIANT_CACHE_CONTROL);
  return { ...output, image };
}

describe('resize against the emulator', () => {
  it('renders the four default variants of a JPEG under a key with spaces, +, %, unicode and deep folders', async () => {
    const key = 'uploads/2024/06/a b/c+d/50% off/été 😀/Photo Final.JPEG';
    const uploaded = await upload(h.s3, h.source, key, await quadrantJpeg(1600, 1200), 'image/jpeg');
    const summary = await h.invoke(s3Event([uploaded]));
    expect(countByKind(summary.outcomes)).toEqual({ written: 1 });

    const relative = '2024/06/a b/c+d/50% off/été 😀/Photo Final.JPEG.jpg';
    const expected = {
      thumbnail: [256, 192],
      mobile: [800, 600],
      tablet: [1024, 768],
      web: [1067, 800],
    } as const;
    expect(await listKeys(h.s3, h.destination)).toEqual(
      Object.keys(expected)
        .map((name) => `variants/${name}/${relative}`)
        .sort(),
    );
    for (const [name, [width, height]] of Object.entries(expected)) {
      const output = await expectVariant(`variants/${name}/${relative}`, {
        width,
        height,
        format: 'jpeg',
        contentType: 'image/jpeg',
      });
      expect(output.metadata).toEqual({
        'source-bucket': h.source,
        'source-key': encodeURIComponent(key),
        'source-version-id': uploaded.versionId,
        'source-etag': uploaded.eTag,
      });
      expect(decodeURIComponent(output.metadata['source-key'] ?? '')).toBe(key);
      expect(output.image.hasExif).toBe(false);
      await expectQuadrantsInPlace(output.body);
    }
  });

  it('bakes EXIF orientation 6 into upright variants', async () => {
    const uploaded = await upload(
      h.s3,
      h.source,
      'uploads/phone/portrait.jpg',
      await quadrantJpegWithOrientation6(900, 1200),
    );
    await h.invoke(s3Event([uploaded]));
    const expected = {
      thumbnail: [192, 256],
      mobile: [450, 600],
      tablet: [576, 768],
      web: [600, 800],
    } as const;
    for (const [name, [width, height]] of Object.entries(expected)) {
      const output = await expectVariant(`variants/${name}/phone/portrait.jpg.jpg`, {
        width,
        height,
        format: 'jpeg',
        contentType: 'image/jpeg',
      });
      expect((await sharp(output.body).metadata()).orientation ?? 1).toBe(1);
      await expectQuadrantsInPlace(output.body);
    }
  });

  it('keeps PNG with alpha as PNG, never enlarging a small image', async () => {
    const uploaded = await upload(
      h.s3,
      h.source,
      'uploads/logos/mark.png',
      await halfTransparentPng(640, 480),
      'image/png',
    );
    await h.invoke(s3Event([uploaded]));
    const expected = {
      thumbnail: [256, 192],
      mobile: [640, 480],
      tablet: [640, 480],
      web: [640, 480],
    } as const;
    for (const [name, [width, height]] of Object.entries(expected)) {
      const output = await expectVariant(`variants/${name}/logos/mark.png.png`, {
        width,
        height,
        format: 'png',
        contentType: 'image/png',
      });
      expect(output.image.hasAlpha).toBe(true);
      const { data, info } = await sharp(output.body)
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const alphaAt = (x: number) => data[(Math.floor(info.height / 2) * info.width + x) * 4 + 3];
      expect(alphaAt(Math.floor(info.width / 4))).toBe(0);
      expect(alphaAt(Math.floor((info.width * 3) / 4))).toBe(255);
    }
  });

  it('renders a photo-like 4000x3000 JPEG: each variant looks like the original, and GPS EXIF never leaks', async () => {
    const original = await photoLikeJpeg(4000, 3000, { seed: 3 });
    const photo = await upload(h.s3, h.source, 'uploads/camera/IMG_0001.jpg', original, 'image/jpeg');
    const located = await upload(
      h.s3,
      h.source,
      'uploads/camera/located.jpg',
      await jpegWithGpsExif(),
      'image/jpeg',
    );
    expect(await describeImage(await jpegWithGpsExif())).toMatchObject({ hasExif: true });
    expect(countByKind((await h.invoke(s3Event([photo, located]))).outcomes)).toEqual({ written: 2 });

    const reference = await sharp(original).resize(256, 192).raw().toBuffer();
    const thumbnail = await readOutput(h.s3, h.destination, 'variants/thumbnail/camera/IMG_0001.jpg.jpg');
    const pixels = await sharp(thumbnail.body).raw().toBuffer();
    expect(pixels.length).toBe(reference.length);
    let difference = 0;
    for (let index = 0; index < pixels.length; index += 1)
      difference += Math.abs((pixels[index] ?? 0) - (reference[index] ?? 0));
    expect(difference / pixels.length).toBeLessThan(8); // mean absolute error per channel, of 255

    const expected = {
      thumbnail: [256, 192],
      mobile: [800, 600],
      tablet: [1024, 768],
      web: [1067, 800],
    } as const;
    for (const [name, [width, height]] of Object.entries(expected)) {
      await expectVariant(`variants/${name}/camera/IMG_0001.jpg.jpg`, {
        width,
        height,
        format: 'jpeg',
        contentType: 'image/jpeg',
      });
      const stripped = await readOutput(h.s3, h.destination, `variants/${name}/camera/located.jpg.jpg`);
      expect(await describeImage(stripped.body)).toMatchObject({ hasExif: false, hasXmp: false });
    }
  }, 90_000); // a 12 MP photo-like image and a 4000x3000 reference resize: slow on a loaded 2-core machine

  it('handles every record of an event, with keys encoded as real S3 and as moto encode them', async () => {
    const jpeg = await quadrantJpeg(400, 300);
    const first = await upload(h.s3, h.source, 'uploads/batch/one two.jpg', jpeg);
    const second = await upload(h.s3, h.source, 'uploads/batch/deep/x+y.jpg', jpeg);
    const motoStyle = s3EventRecord(second);
    motoStyle.s3.object.key = motoStyle.s3.object.key.replace(/\//g, '%2F');
    const summary = await h.invoke({ Records: [s3EventRecord(first), motoStyle] });
    expect(countByKind(summary.outcomes)).toEqual({ written: 2 });
    const keys = await listKeys(h.s3, h.destination, 'variants/thumbnail/batch/');
    expect(keys).toEqual([
      'variants/thumbnail/batch/deep/x+y.jpg.jpg',
      'variants/thumbnail/batch/one two.jpg.jpg',
    ]);
  });

  it('logs one outcome record per record: request id, source version, every variant written, duration', async () => {
    const uploaded = await upload(h.s3, h.source, 'uploads/logged/cat.jpg', await quadrantJpeg(300, 200));
    const result = await h.invoke(s3Event([uploaded]));
    const lines = linesAbout(h.log, uploaded.key);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.attributes['outcome']).toEqual(result.outcomes[0]);
    expect(result.outcomes[0]).toMatchObject({
      kind: 'written',
      action: 'resized',
      pipeline: 'resize',
      requestId: expect.stringMatching(/^req-\d+$/),
      source: { bucket: h.source, key: uploaded.key, versionId: uploaded.versionId },
      measures: { variantsWritten: 4 },
      durationMs: expect.any(Number),
    });
    const variants = await listKeys(h.s3, h.destination, 'variants/');
    const listed = result.outcomes[0]?.written ?? [];
    expect(listed.map((o) => o.key).sort()).toEqual(variants.filter((k) => k.includes('logged/cat')));
    for (const output of listed)
      expect(output.bytes).toBe((await readOutput(h.s3, h.destination, output.key)).body.byteLength);
  });

  it('is idempotent: a repeated event (and a duplicated record) yields the same keys and no duplicates', async () => {
    const uploaded = await upload(h.s3, h.source, 'uploads/again/dup.jpg', await quadrantJpeg(500, 500));
    const event = s3Event([uploaded]);
    await h.invoke(event);
    const before = await listKeys(h.s3, h.destination, 'variants/');
    const firstThumb = await readOutput(h.s3, h.destination, 'variants/thumbnail/again/dup.jpg.jpg');
    await h.invoke(event);
    await h.invoke(s3Event([uploaded, uploaded]));
    expect(await listKeys(h.s3, h.destination, 'variants/')).toEqual(before);
    expect(before.filter((key) => key.includes('again/dup'))).toHaveLength(4);
    const againThumb = await readOutput(h.s3, h.destination, 'variants/thumbnail/again/dup.jpg.jpg');
    expect(againThumb.metadata).toEqual(firstThumb.metadata);
  });

  it('keeps cat.jpg, cat.jpeg and cat.tiff in one folder apart: each source has its own variants', async () => {
    const names = ['cat.jpg', 'cat.jpeg', 'cat.tiff'];
    const bodies = [
      await quadrantJpeg(400, 300),
      await quadrantJpeg(300, 400),
      await sharp(await quadrantJpeg(500, 250))
        .tiff()
        .toBuffer(),
    ];
    const uploads = await Promise.all(
      names.map((name, i) => upload(h.s3, h.source, `uploads/pets/${name}`, bodies[i] as Buffer)),
    );
    await h.invoke(s3Event(uploads));
    const sizes = await Promise.all(
      names.map(async (name) => {
        const output = await readOutput(h.s3, h.destination, `variants/thumbnail/pets/${name}.jpg`);
        const { width, height } = await sharp(output.body).metadata();
        return `${width}x${height}`;
      }),
    );
    expect(sizes).toEqual(['256x192', '192x256', '256x128']);
  });

  it("names the source by a hash when its encoded key would overflow S3's 2 KB of user metadata", async () => {
    const key = `uploads/long/${'é'.repeat(340)}.jpg`; // 698 bytes; 2,060 percent-encoded
    const uploaded = await upload(h.s3, h.source, key, await quadrantJpeg(300, 200));
    const result = await h.invoke(s3Event([uploaded]));
    expect(countByKind(result.outcomes)).toEqual({ written: 1 });
    const output = await readOutput(
      h.s3,
      h.destination,
      `variants/thumbnail/long/${'é'.repeat(340)}.jpg.jpg`,
    );
    expect(output.metadata['source-key']).toBeUndefined();
    expect(output.metadata['source-key-sha256']).toBe(createHash('sha256').update(key).digest('hex'));
  });
});
