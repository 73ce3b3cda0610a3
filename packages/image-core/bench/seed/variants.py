# The seed's second image job, reconstructed: open once, derive web, mobile, tablet and a
# 256x256 thumbnail with Pillow's thumbnail() on a copy each, save each as JPEG under its prefix.
# (S3 download/upload left out, as in resize_half.py.)
import os

from PIL import Image

SIZES = {
    'web': (1200, 800),
    'mobile': (800, 600),
    'tablet': (1024, 768),
    'thumbnail': (256, 256),
}


def create_variants(image_path, out_dir):
    with Image.open(image_path) as img:
        for name, size in SIZES.items():
            copy = img.copy()
            copy.thumbnail(size)
            os.makedirs(os.path.join(out_dir, name), exist_ok=True)
            copy.save(os.path.join(out_dir, name, os.path.basename(image_path) + '.jpg'), 'JPEG')
