"""glibc's allocator in a long-running process: large blocks go back to the system when freed.

glibc serves a request of at least its mmap threshold (128 KiB at start) with a mapping of its
own and unmaps it when it is freed; but the first such block freed raises the threshold to
its size (up to 32 MiB), so every later block of that size comes from the heap, and a heap
keeps its high-water mark. A web worker that generates one image rendition (Pillow holds the
decoded original, 1600 x 900 x 4 bytes = 5.8 MB, and its resized copies) kept 17 to 28 MB
more than its sibling for the rest of its life (docs/performance.md, "Worker memory").
A fixed threshold (mallopt(M_MMAP_THRESHOLD), which also turns that adjustment off) keeps
blocks of 1 MiB and more out of the heap: image buffers and large responses are mapped and
unmapped; everything smaller is served from the heap as before.
"""

import ctypes
import gc
import platform

M_MMAP_THRESHOLD = -3  # <malloc.h>
MMAP_THRESHOLD = 1024 * 1024


def fix_mmap_threshold(threshold: int = MMAP_THRESHOLD) -> bool:
    """Set glibc's mmap threshold for this process; False (nothing done) on another C
    library (musl, macOS), whose allocators have no such setting."""
    if platform.libc_ver()[0] != "glibc":
        return False
    return ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, threshold) == 1


def freeze_loaded_objects() -> int:
    """Move every object alive now (the imported modules, the URL conf, the models, the
    admin's registries: some 250,000 in a web worker) to the garbage collector's permanent
    generation, where its full collections no longer scan them; returns how many.

    A full collection runs when a quarter more objects have survived since the last one; in
    a worker that traversed everything, a pause of 150 to 185 ms measured in gunicorn's
    workers during the inquiry bench, which every request queued behind it waited out
    (docs/performance.md, "Inquiry POST": the tail). Frozen, those objects stay alive as they
    would anyway; what the requests leave behind is still collected. Call it once, when the
    process has loaded what it serves."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
