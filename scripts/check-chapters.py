#!/usr/bin/env python3
"""Checks that re-recording one test changed only its own chapter of a tape.

usage: check-chapters.py BEFORE.json AFTER.json CHAPTER

Every chapter of BEFORE other than CHAPTER must be in AFTER byte for byte (its exact text, as the
tape printer laid it out); CHAPTER must be in AFTER. Exit status 0 when so, 1 with the differing
chapters otherwise.
"""
import json
import sys


def chapter_texts(path):
    """Each chapter's exact text, by key: the lines from its key line to its closing brace."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    keys = list(json.loads("\n".join(lines))["chapters"].keys())
    texts, key, block = {}, None, []
    for line in lines[lines.index('  "chapters": {') + 1 :]:
        if key is None and line.startswith('    "') and line.endswith('": {'):
            key = json.loads(line.strip()[: -len(": {")])
            block = [line]
        elif key is not None:
            block.append(line)
            if line in ("    }", "    },"):
                texts[key] = "\n".join(block).rstrip(",")
                key = None
    if list(texts) != keys:
        sys.exit(f"{path}: could not find every chapter's text (found {list(texts)}, expected {keys})")
    return texts


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    before, after, chapter = chapter_texts(sys.argv[1]), chapter_texts(sys.argv[2]), sys.argv[3]
    changed = [k for k in before if k != chapter and before[k] != after.get(k)]
    if chapter not in after:
        sys.exit(f"{sys.argv[2]} has no chapter '{chapter}' after recording it")
    if changed:
        print(f"chapters that changed although only '{chapter}' was recorded: {changed}")
        sys.exit(1)
    same = "re-recorded" if before.get(chapter) != after[chapter] else "unchanged"
    print(f"{chapter}: {same}; {len(before) - (chapter in before)} other chapters byte for byte as they were")


if __name__ == "__main__":
    main()
