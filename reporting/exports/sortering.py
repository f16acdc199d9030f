"""Sorting more records than should be held in memory: an external merge sort.

`extern_gesorteerd(items, key=..., blok=N)` yields `items` in the order of `sorted(items, key=key)` (stable: equal keys
keep their input order) while holding at most `blok` items, or WAAIER batches of PARTIJ items, in memory, whatever the
number of items: every full block is sorted and written to an anonymous temporary file; once 2 x WAAIER - 1 blocks are
open and WAAIER blocks of one generation follow each other at the end, those are merged into one block of the next
generation (`heapq.merge`, which takes equal keys from the earlier block first, so merging a run of neighbours keeps the
input order); at the end the youngest blocks are merged until WAAIER are left, and those into the output. So the merge
never holds a batch per block of a large source (memory that would grow with it): below 2 x WAAIER - 1 blocks no item is
written more than twice (its block, and at most one merge of the youngest blocks at the end), above it each item is
written once more per factor WAAIER. A source that fits in one block is sorted in memory and never touches the disk.

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

#: items pickled together, and so read back together per block while merging: few enough that WAAIER of them hold
#: little, enough to make pickling cheap per item
PARTIJ = 200
#: the most blocks merged at once (and so the most batches of PARTIJ in memory while merging)
WAAIER = 64


def _weggeschreven(gesorteerd: Iterable, directory: Path | None):
    """Sorted items written to an anonymous temporary file, in batches of PARTIJ; the file rewound to its start."""
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
    handle = tempfile.TemporaryFile(dir=directory)
    try:
        partij = []
        for item in gesorteerd:
            partij.append(item)
            if len(partij) >= PARTIJ:
                pickle.dump(partij, handle, protocol=pickle.HIGHEST_PROTOCOL)
                partij = []
        if partij:
            pickle.dump(partij, handle, protocol=pickle.HIGHEST_PROTOCOL)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return handle


def _gelezen(handle) -> Iterator:
    """The items of one spilled block, one batch in memory at a time."""
    while True:
        try:
            partij = pickle.load(handle)
        except EOFError:
            return
        yield from partij


def _samengevoegd(blokken: list, key, directory: Path | None):
    """Neighbouring blocks (in input order) merged into one, in their order; they are closed."""
    try:
        return _weggeschreven(heapq.merge(*(_gelezen(handle) for handle in blokken), key=key), directory)
    finally:
        for handle in blokken:
            handle.close()


def extern_gesorteerd(items: Iterable[T], *, key: Callable[[T], object], blok: int, directory: Path | None = None) -> Iterator[T]:
    """`items` sorted by `key` (stable), with at most `blok` items or WAAIER batches in memory (see the module docstring).

    The whole of `items` is read before the first item is yielded."""
    blokken: list = []  # the spilled blocks in input order
    generaties: list[int] = []  # per block: 0 when spilled from the input, n + 1 when merged from WAAIER of generation n
    try:
        buffer: list = []
        for item in items:
            buffer.append(item)
            if len(buffer) >= blok:
                buffer.sort(key=key)
                blokken.append(_weggeschreven(buffer, directory))
                generaties.append(0)
                buffer = []
                # not before 2 x WAAIER - 1 blocks: fewer are merged at the end with less rewriting (100 blocks: the youngest
                # 37 once, where merging the first 64 as soon as they were there would rewrite 64)
                while len(generaties) >= 2 * WAAIER - 1 and len(set(generaties[-WAAIER:])) == 1:
                    merged = _samengevoegd(blokken[-WAAIER:], key, directory)
                    del blokken[-WAAIER:]
                    blokken.append(merged)
                    generaties[-WAAIER:] = [generaties[-1] + 1]
        buffer.sort(key=key)
        if not blokken:
            yield from buffer
            return
        if buffer:
            blokken.append(_weggeschreven(buffer, directory))
        buffer = []
        while len(blokken) > WAAIER:  # fewer than WAAIER of each generation: merge the youngest until WAAIER are left
            staart = min(WAAIER, len(blokken) - WAAIER + 1)
            merged = _samengevoegd(blokken[-staart:], key, directory)
            del blokken[-staart:]
            blokken.append(merged)
        yield from heapq.merge(*(_gelezen(handle) for handle in blokken), key=key)
    finally:
        for handle in blokken:
            handle.close()
