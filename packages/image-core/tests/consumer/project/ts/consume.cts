// CommonJS consumer: tsc turns these imports into `require('@pipeline/image-core')`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImageInputError, renderVariants, type VariantRequest } from '@pipeline/image-core';
import { describeImage } from '@pipeline/image-core/testing';

const [input = '', outDir = ''] = process.argv.slice(2);
const variants: VariantRequest[] = [
  'half',
  { name: 'sq', width: 40, height: 40, fit: 'cover', format: 'webp' },
];

/** Never called: compiles only while the package's types are resolved (not `any`). */
export function typesAreLive(): Promise<unknown> {
  // @ts-expect-error -- an unknown preset name
  return renderVariants(Buffer.alloc(0), ['no-such-preset']);
}

async function main(): Promise<void> {
  const out = await renderVariants(readFileSync(input), variants);
  for (const variant of out)
    writeFileSync(join(outDir, `cjs-${variant.name}.${variant.extension}`), variant.data);
  const error = await renderVariants(Buffer.from('not an image'), ['half']).catch(
    (caught: unknown) => caught,
  );
  const described = await Promise.all(out.map((variant) => describeImage(variant.data)));
  const summary = {
    style: 'cjs',
    variants: out.map(({ name, width, height, format }) => ({ name, width, height, format })),
    hasExif: described.some((image) => image.hasExif),
    error: error instanceof ImageInputError ? error.code : String(error),
  };
  console.log(JSON.stringify(summary));
}

void main();
