"""Sorting more records than should be held in memory: an external merge sort.

`extern_gesorteerd(items, key=..., blok=N)` yields `items` in the order of `sorted(items, key=key)` (stable: equal keys
keep their input order) while holding at most `blok` items, plus one batch of PARTIJ per spilled block, in memory: every
full block is sorted and written to an anonymous temporary file, and the blocks are merged (`heapq.merge`, which
takes equal keys from the earlier block first). A source that fits in one block is sorted in memory and never touches
the disk.

The temporary files are unlinked from the moment they are made (`tempfile.TemporaryFile`): nothing is left behind by
a crash, and their content is only ever readable by this process. They are made in `directory` (the CBS exports pass
the reports' own storage, so records with BSNs never land anywhere reports do not).
"""

import heapq
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: items pickled together, and so read back together per block while merging: few enough that even a hundred blocks
#: (1 M records in blocks of 10,000, `reporting.exports.cbs.SORTEERBLOK`) hold little, enough to make pickling cheap per item
PARTIJ = 200


def _weggeschreven(gesorteerd: list, directory: Path | None):
    """One sorted block written to an anonymous temporary file, in batches of PARTIJ; the file rewound to its start."""
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
    handle = tempfile.TemporaryFile(dir=directory)
    for i in range(0, len(gesorteerd), PARTIJ):
        pickle.dump(gesorteerd[i:i + PARTIJ], handle, protocol=pickle.HIGHEST_PROTOCOL)
    handle.seek(0)
    return handle


def _gelezen(handle) -> Iterator:
    """The items of one spilled block, one batch in memory at a time."""
    while True:
        try:
            partij = pickle.load(handle)
        except EOFError:
            return
        yield from partij


def extern_gesorteerd(items: Iterable[T], *, key: Callable[[T], object], blok: int, directory: Path | None = None) -> Iterator[T]:
    """`items` sorted by `key` (stable), with at most `blok` of them in memory at a time (see the module docstring).

    The whole of `items` is read before the first item is yielded."""
    blokken = []
    try:
        buffer: list = []
        for item in items:
            buffer.append(item)
            if len(buffer) >= blok:
                buffer.sort(key=key)
                blokken.append(_weggeschreven(buffer, directory))
                buffer = []
        buffer.sort(key=key)
        if not blokken:
            yield from buffer
            return
        if buffer:
            blokken.append(_weggeschreven(buffer, directory))
        buffer = []
        yield from heapq.merge(*(_gelezen(handle) for handle in blokken), key=key)
    finally:
        for handle in blokken:
            handle.close()
