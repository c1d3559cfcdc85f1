"""Cutting inputs for parallel runs: no model needed, so these run in milliseconds."""

from __future__ import annotations

import json

import pytest

from dyadwatch.ingest import read_jsonl
from dyadwatch.model import Document, InputError
from dyadwatch.scale.inputs import expand_globs, list_files
from dyadwatch.scale.shards import (
    count_newlines,
    plan_parts,
    read_part,
    with_line_offsets,
)

RECORDS = [
    {"id": "a1", "text": "Moscow and Pyongyang agreed to expand rail links.", "date": "2024-01-05"},
    {"text": "Seoul protested the launch of a spy satellite by the North."},
    "not json at all",
    {"id": 7, "text": "China urged restraint on the Korean peninsula.", "date": "2023-11-30"},
    "",
    {"text": "   "},
    {"text": "Japan and South Korea held talks in Tokyo on Friday about export rules."},
    {"id": "z", "text": "Kim Jong Un inspected a munitions factory, state media said."},
]


def _shard(tmp_path):
    path = tmp_path / "shard.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r) for r in RECORDS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _fingerprint(items):
    out = []
    for item in items:
        if isinstance(item, InputError):
            out.append(("error", item.line, item.message))
        else:
            assert isinstance(item, Document)
            out.append(("doc", item.id, item.external_id, item.published))
    return out


@pytest.mark.parametrize("part_bytes", [1, 7, 40, 61, 100, 333, 10_000])
def test_byte_ranges_read_exactly_what_a_whole_file_read_gives(tmp_path, part_bytes):
    path = _shard(tmp_path)
    whole = _fingerprint(read_jsonl(str(path)))
    parts = plan_parts([str(path)], part_bytes)
    counts = {
        i: count_newlines(p.files[0], p.start, p.end) for i, p in enumerate(parts) if p.is_range
    }
    parts = with_line_offsets(parts, counts)
    pieced = [x for part in parts for x in _fingerprint(read_part(part))]
    assert pieced == whole
    assert (len(parts) == 1) == (part_bytes >= path.stat().st_size)


def test_large_shards_are_cut_and_small_files_grouped(tmp_path):
    shard = _shard(tmp_path)
    small = []
    for i in range(5):
        f = tmp_path / f"note{i}.txt"
        f.write_text("Russia sent troops to Belarus. " * (i + 1), encoding="utf-8")
        small.append(str(f))
    parts = plan_parts([str(shard), *small], part_bytes=100)
    ranges = [p for p in parts if p.is_range]
    groups = [p for p in parts if not p.is_range]
    assert len(ranges) == -(-shard.stat().st_size // 100)
    assert sum(p.size for p in ranges) == shard.stat().st_size
    assert [f for g in groups for f in g.files] == small  # every file once, in order
    assert len(groups) < len(small)
    assert len({p.key for p in parts}) == len(parts)


def test_globs_expand_and_a_glob_matching_nothing_is_reported(tmp_path):
    (tmp_path / "shards").mkdir()
    for name in ("b.jsonl", "a.jsonl", ".hidden.jsonl"):
        (tmp_path / "shards" / name).write_text('{"text": "x"}\n', encoding="utf-8")
    found = list(expand_globs([str(tmp_path / "shards" / "*.jsonl")]))
    assert found == [str(tmp_path / "shards" / "a.jsonl"), str(tmp_path / "shards" / "b.jsonl")]
    missing = list(expand_globs([str(tmp_path / "nothing" / "*.jsonl")]))
    assert len(missing) == 1 and isinstance(missing[0], InputError)
    assert "no files match" in missing[0].message
    walked = list(list_files([str(tmp_path / "shards"), str(tmp_path / "gone.txt")]))
    assert walked[:2] == found  # hidden files are skipped, as the readers do
    assert isinstance(walked[2], InputError) and walked[2].path.endswith("gone.txt")
