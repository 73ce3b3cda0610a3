import { ownFolderOf } from '../../src/recursion-guard.js';

const config = { destinationBucket: 'media', outputPrefix: 'variants/', rejectedPrefix: 'rejected/' };

describe('ownFolderOf (recursion guard)', () => {
  it.each([
    ['variants/thumbnail/cat.jpg', 'output'],
    ['variants/web/deep/a b/c.png', 'output'],
    ['rejected/cat.jpg.json', 'rejected'],
  ])('refuses %s in the destination bucket (%s)', (key, folder) => {
    expect(ownFolderOf(config, 'media', key)).toBe(folder);
  });

  it.each(['uploads/cat.jpg', 'variants-old/cat.jpg', 'variantsx/cat.jpg', 'cat.jpg', 'rejected.jpg'])(
    'lets %s in the destination bucket through',
    (key) => {
      expect(ownFolderOf(config, 'media', key)).toBeUndefined();
    },
  );

  it('lets the same keys through from another bucket', () => {
    expect(ownFolderOf(config, 'uploads-bucket', 'variants/thumbnail/cat.jpg')).toBeUndefined();
    expect(ownFolderOf(config, 'uploads-bucket', 'rejected/cat.jpg.json')).toBeUndefined();
  });
});
