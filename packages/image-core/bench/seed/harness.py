# Times the seed's code on the bench's files: one round, every file, wall and CPU time each.
# Usage: python3 harness.py half|variants OUT_DIR FILE...  -> JSON on stdout.
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import PIL  # noqa: E402
from resize_half import resize_image  # noqa: E402
from variants import create_variants  # noqa: E402


def run(job, out_dir, path):
    if job == 'half':
        resize_image(path, os.path.join(out_dir, 'resized-' + os.path.basename(path) + '.jpg'))
    else:
        create_variants(path, out_dir)


def main():
    job, out_dir, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    results = {}
    for path in files:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            run(job, out_dir, path)
            error = None
        except Exception as exc:  # the seed has no error handling: record what it does
            error = f'{type(exc).__name__}: {exc}'
        results[os.path.basename(path)] = {
            'wallMs': (time.perf_counter() - wall) * 1000,
            'cpuMs': (time.process_time() - cpu) * 1000,
            'error': error,
        }
    print(json.dumps({'python': sys.executable, 'pillow': PIL.__version__, 'results': results}))


main()
