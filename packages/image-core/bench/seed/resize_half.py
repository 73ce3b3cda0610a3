# The seed's first image job, reconstructed: halve width and height with Pillow, save JPEG.
# (The seed's Lambda handler downloaded the object to /tmp, called this, and uploaded
# `resized-<key>`; the S3 plumbing is left out here: bench/seed/harness.py calls it on files.)
from PIL import Image


def resize_image(image_path, resized_path):
    with Image.open(image_path) as img:
        w, h = img.size
        resized = img.resize((w // 2, h // 2))
        resized.save(resized_path, 'JPEG')
