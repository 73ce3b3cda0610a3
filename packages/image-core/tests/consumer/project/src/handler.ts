// src/handler.ts
import { readFile } from 'node:fs/promises';
import { ImageInputError, renderVariants } from '@pipeline/image-core';

export async function handler(event: { readonly path: string }) {
  try {
    const out = await renderVariants(await readFile(event.path), [
      'thumbnail',
      { name: 'quarter', scale: 0.25 },
    ]);
    return { outcome: 'written', variants: out.map(({ name, width, height }) => ({ name, width, height })) };
  } catch (error) {
    if (error instanceof ImageInputError) return { outcome: 'rejected', code: error.code }; // permanent
    throw error; // retried
  }
}
